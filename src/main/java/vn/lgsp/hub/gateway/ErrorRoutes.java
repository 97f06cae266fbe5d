package vn.lgsp.hub.gateway;

import com.fasterxml.jackson.core.JacksonException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.camel.StreamCacheException;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;

/**
 * The hub's error handling, in one place: each family of failure and the stable code it is
 * answered with (docs/api.md §1). Source routes have no handling of their own; their failures come
 * back to the gateway route that called them.
 */
@Component
class ErrorRoutes extends RouteConfigurationBuilder {

    private final FailureResponder responder;

    ErrorRoutes(FailureResponder responder) {
        this.responder = responder;
    }

    @Override
    public void configuration() {
        routeConfiguration(ErrorHandling.SOURCE_ERRORS).errorHandler(noErrorHandler());

        RouteConfigurationDefinition hub = routeConfiguration(ErrorHandling.HUB_ERRORS);
        answer(hub, ErrorCode.INTERNAL_ERROR, "The hub failed to process the request", Exception.class);
        answer(hub, null, null, HubException.class);
        answer(hub, ErrorCode.SOURCE_UNAVAILABLE, "The source's circuit breaker is open",
                CallNotPermittedException.class);
        // no pooled connection to the source within the connect timeout: HttpClient 5 reports it as a
        // DeadlineTimeoutException under a RequestFailedException (Camel matches the cause)
        answer(hub, ErrorCode.SOURCE_UNAVAILABLE, "The source has too many calls in progress",
                BulkheadFullException.class, ConnectionRequestTimeoutException.class, DeadlineTimeoutException.class);
        answer(hub, ErrorCode.SOURCE_UNAVAILABLE, "The source could not be reached",
                ConnectException.class, ConnectTimeoutException.class, NoRouteToHostException.class,
                UnknownHostException.class);
        answer(hub, ErrorCode.SOURCE_TIMEOUT, "The source did not answer within its timeout",
                SocketTimeoutException.class);
        // the caller's body could not be read (bytes that are not the declared charset, a connection
        // closed mid-body): Camel fails caching it at the route's start, with an IOException as the cause
        answer(hub, ErrorCode.INVALID_REQUEST, "The request body could not be read", StreamCacheException.class);
        answer(hub, ErrorCode.SOURCE_BAD_RESPONSE, "The exchange with the source failed", IOException.class)
                .onWhen(exchange -> exchange.getException(StreamCacheException.class) == null);
        answer(hub, ErrorCode.INVALID_REQUEST, "The request body is not valid JSON", JacksonException.class);
    }

    @SafeVarargs
    private OnExceptionDefinition answer(RouteConfigurationDefinition configuration, ErrorCode code, String detail,
                                         Class<? extends Throwable>... family) {
        return configuration.onException(family).handled(true)
                .process(exchange -> responder.respond(exchange, code, detail));
    }
}
