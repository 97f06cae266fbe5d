package vn.lgsp.hub.gateway;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.Problems;

/**
 * Turns the exception a route answering HTTP callers caught into the contract's problem response
 * ({@link Failures} says which). Data lookups handle their own failures in their route
 * ({@link LookupGateway#failed}).
 */
@Component
class FailureResponder {

    private final Problems problems;

    FailureResponder(Problems problems) {
        this.problems = problems;
    }

    void respond(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HubException failure = Failures.of(caught);
        GatewayRequest request = GatewayRequest.of(exchange);
        Failures.log(failure, caught, request.correlationId());
        problems.apply(exchange, failure, request.path(), request.correlationId());
    }
}
