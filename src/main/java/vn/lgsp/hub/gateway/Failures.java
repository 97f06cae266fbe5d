package vn.lgsp.hub.gateway;

import com.fasterxml.jackson.core.JacksonException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.StreamCacheException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * The hub's error handling, in one place: each family of failure and the stable code it is answered
 * with (docs/api.md §1). A {@link HubException} anywhere in the cause chain says it itself; otherwise
 * the chain is read from its innermost cause out, and the first cause that belongs to a family, the
 * closest family by class when several do, gives the code. Anything else is {@code hub.internal_error}.
 * Exception messages of third-party libraries are never copied into a response or a log line: they
 * may quote an upstream body or URI.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private record Family(ErrorCode code, String detail, List<Class<? extends Throwable>> members) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family(ErrorCode.SOURCE_UNAVAILABLE, "The source's circuit breaker is open",
                    List.of(CallNotPermittedException.class)),
            // no pooled connection to the source within the connect timeout: HttpClient 5 reports it as a
            // DeadlineTimeoutException under a RequestFailedException
            new Family(ErrorCode.SOURCE_UNAVAILABLE, "The source has too many calls in progress",
                    List.of(BulkheadFullException.class, ConnectionRequestTimeoutException.class,
                            DeadlineTimeoutException.class)),
            new Family(ErrorCode.SOURCE_UNAVAILABLE, "The source could not be reached",
                    List.of(ConnectException.class, ConnectTimeoutException.class, NoRouteToHostException.class,
                            UnknownHostException.class)),
            new Family(ErrorCode.SOURCE_TIMEOUT, "The source did not answer within its timeout",
                    List.of(SocketTimeoutException.class)),
            // the caller's body could not be read (bytes that are not the declared charset, a connection
            // closed mid-body): Camel fails caching it at the route's start, with an IOException as the cause
            new Family(ErrorCode.INVALID_REQUEST, "The request body could not be read",
                    List.of(StreamCacheException.class)),
            new Family(ErrorCode.SOURCE_BAD_RESPONSE, "The exchange with the source failed", List.of(IOException.class)),
            new Family(ErrorCode.INVALID_REQUEST, "The request body is not valid JSON", List.of(JacksonException.class)));

    private Failures() {
    }

    /** What a caught failure is answered with. */
    static HubException of(Throwable caught) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = caught; t != null && chain.size() < 16 && !chain.contains(t); t = t.getCause()) {
            if (t instanceof HubException hub) {
                return hub;
            }
            chain.add(t);
        }
        boolean bodyUnreadable = chain.stream().anyMatch(StreamCacheException.class::isInstance);
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            Family best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (Family family : FAMILIES) {
                if (bodyUnreadable && family.code() == ErrorCode.SOURCE_BAD_RESPONSE) {
                    continue;
                }
                for (Class<? extends Throwable> member : family.members()) {
                    int distance = distance(t.getClass(), member);
                    if (distance < bestDistance) {
                        best = family;
                        bestDistance = distance;
                    }
                }
            }
            if (best != null) {
                return new HubException(best.code(), best.detail());
            }
        }
        return new HubException(ErrorCode.INTERNAL_ERROR, "The hub failed to process the request");
    }

    /** Logs a failure the hub or a source caused (5xx), by its classes only, with the correlation id. */
    static void log(HubException failure, Throwable caught, String correlationId) {
        if (failure.code() == ErrorCode.INTERNAL_ERROR) {
            LOG.error("request failed code={} cause={} correlationId={}", failure.code().code(), causes(caught),
                    correlationId);
            LOG.debug("request failure cause correlationId={}", correlationId, caught);
        } else if (failure.code().status() >= 500) {
            LOG.warn("request failed code={} cause={} correlationId={}", failure.code().code(),
                    caught == null ? "-" : caught.getClass().getName(), correlationId);
        }
    }

    /** How many superclass steps from {@code type} up to {@code member}; MAX_VALUE when it is not one. */
    private static int distance(Class<?> type, Class<?> member) {
        int distance = 0;
        for (Class<?> c = type; c != null; c = c.getSuperclass(), distance++) {
            if (c == member) {
                return distance;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The classes of a cause chain, outermost first: what failed, without any message. */
    static String causes(Throwable caught) {
        if (caught == null) {
            return "-";
        }
        StringBuilder chain = new StringBuilder(caught.getClass().getName());
        int depth = 0;
        for (Throwable t = caught.getCause(); t != null && depth < 8; t = t.getCause(), depth++) {
            chain.append(" <- ").append(t.getClass().getName());
        }
        return chain.toString();
    }
}
