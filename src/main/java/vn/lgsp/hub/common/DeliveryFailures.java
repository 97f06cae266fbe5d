package vn.lgsp.hub.common;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * What every outbound delivery (the portal sync, criminal-record submissions) says of a failure: one
 * classification, in words safe to show and log (no bodies, URIs or personal data), and one set of
 * dead-letter headers.
 */
public final class DeliveryFailures {

    /** An exception whose message is already safe to show and log. */
    public interface Described {
    }

    /**
     * The destination answered and refused what was sent: sending it again would be refused again, so it is
     * dead-lettered at once, not retried. Its message is safe to show and log.
     */
    public interface Refusal extends Described {
    }

    private DeliveryFailures() {
    }

    /**
     * Why a call failed.
     *
     * @param system how the destination is named in the sentence, e.g. "The portal"
     */
    public static String reason(Throwable cause, String system) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return system + " answered HTTP " + http.getStatusCode();
            }
            if (t instanceof Described || t instanceof HubException) {
                return t.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return system + " did not answer in time";
            }
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return system + " could not be reached";
            }
        }
        return cause == null ? "Unknown failure" : "Delivery failed: " + cause.getClass().getSimpleName();
    }

    /** Whether this failure, or one of its causes, is a {@link Refusal}. */
    public static boolean isRefusal(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Refusal) {
                return true;
            }
        }
        return false;
    }

    /** The headers every dead-lettered message carries ({@link DeadLetterHeaders}), and its message group. */
    public static Map<String, Object> headers(String reason, OffsetDateTime failedAt, int attempts, String queue,
                                              String group) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(DeadLetterHeaders.ID, UUID.randomUUID().toString());
        headers.put(DeadLetterHeaders.REASON, reason);
        headers.put(DeadLetterHeaders.FAILED_AT, failedAt.toString());
        headers.put(DeadLetterHeaders.ATTEMPTS, attempts);
        headers.put(DeadLetterHeaders.ORIGINAL_QUEUE, queue);
        headers.put("JMSXGroupID", group);
        return headers;
    }
}
