package vn.lgsp.hub.sources.lookup;

import org.apache.camel.Exchange;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * Classifies a national database's HTTP answer inside the circuit breaker: 2xx passes on, 404 is
 * "no such subject" (ignored by the breaker), anything else counts as a failure of the source. A
 * source whose answers say in their body how the lookup went (template parameter
 * {@code answersInBody}) is read differently: a 404 is a failure (the service was not found), and a
 * SOAP fault (500 with an XML body) goes to the mapper, which tells a refusal from a failure.
 */
public final class UpstreamResponses {

    private UpstreamResponses() {
    }

    public static void check(Exchange exchange) {
        String source = Lookup.of(exchange).source();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new HubException(ErrorCode.SOURCE_BAD_RESPONSE, "The " + source + " database sent no HTTP status");
        }
        boolean answersInBody = "true".equals(exchange.getProperty(SourceRoutes.ANSWERS_IN_BODY, String.class));
        if (answersInBody && status == 500 && xml(exchange)) {
            // a SOAP fault: the mapper reads whether it is a refusal or a failure
            return;
        }
        if (status == 404 && !answersInBody) {
            throw new SubjectNotFoundException(source);
        }
        if (status < 200 || status > 299) {
            throw new HubException(ErrorCode.SOURCE_BAD_RESPONSE,
                    "The " + source + " database answered HTTP " + status);
        }
    }

    private static boolean xml(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        return type.contains("xml");
    }

    /** A body that cannot be read as the source's format. The cause is not kept: it may quote personal data. */
    public static HubException unparseable(String source) {
        return new HubException(ErrorCode.SOURCE_BAD_RESPONSE,
                "The " + source + " database answered with a body that could not be read");
    }
}
