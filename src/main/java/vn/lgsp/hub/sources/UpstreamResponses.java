package vn.lgsp.hub.sources;

import org.apache.camel.Exchange;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * Classifies a national database's HTTP answer inside the circuit breaker: 2xx passes on, 404 is
 * "no such subject" (ignored by the breaker), anything else counts as a failure of the source.
 */
public final class UpstreamResponses {

    private UpstreamResponses() {
    }

    public static void check(Exchange exchange) {
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new HubException(ErrorCode.SOURCE_BAD_RESPONSE, "The " + source + " database sent no HTTP status");
        }
        if (status == 404) {
            throw new SubjectNotFoundException(source);
        }
        if (status < 200 || status > 299) {
            throw new HubException(ErrorCode.SOURCE_BAD_RESPONSE,
                    "The " + source + " database answered HTTP " + status);
        }
    }

    /** A body that cannot be read as the source's format. The cause is not kept: it may quote personal data. */
    public static HubException unparseable(String source) {
        return new HubException(ErrorCode.SOURCE_BAD_RESPONSE,
                "The " + source + " database answered with a body that could not be read");
    }
}
