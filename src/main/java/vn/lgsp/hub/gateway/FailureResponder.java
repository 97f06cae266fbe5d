package vn.lgsp.hub.gateway;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.Problems;

/**
 * Turns the exception a gateway route caught into the contract's problem response. Exception
 * messages of third-party libraries are never copied into a response or a log line: they may
 * quote an upstream body or URI.
 */
@Component
class FailureResponder {

    private static final Logger LOG = LoggerFactory.getLogger(FailureResponder.class);

    private final Problems problems;
    private final LookupGateway lookups;

    FailureResponder(Problems problems, LookupGateway lookups) {
        this.problems = problems;
        this.lookups = lookups;
    }

    void respond(Exchange exchange, ErrorCode code, String detail) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HubException failure = hubException(caught);
        if (failure == null) {
            failure = new HubException(code, detail);
        }
        GatewayRequest request = GatewayRequest.of(exchange);
        if (failure.code() == ErrorCode.INTERNAL_ERROR) {
            LOG.error("request failed code={} cause={} correlationId={}", failure.code().code(), causes(caught),
                    request.correlationId());
            LOG.debug("request failure cause correlationId={}", request.correlationId(), caught);
        } else if (failure.code().status() >= 500) {
            LOG.warn("request failed code={} cause={} correlationId={}", failure.code().code(),
                    caught == null ? "-" : caught.getClass().getName(), request.correlationId());
        }
        try {
            if (lookups.failed(exchange, failure)) {
                return;
            }
        } catch (HubException ledgerFailure) {
            // the lookup cannot be recorded: say so rather than what happened upstream
            failure = ledgerFailure;
        }
        problems.apply(exchange, failure, request.path(), request.correlationId());
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

    private static HubException hubException(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof HubException hub) {
                return hub;
            }
        }
        return null;
    }
}
