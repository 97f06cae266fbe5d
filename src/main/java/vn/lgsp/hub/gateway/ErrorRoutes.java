package vn.lgsp.hub.gateway;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorHandling;

/**
 * The route configurations of error handling: routes that answer HTTP callers render every failure
 * as problem+json ({@link Failures} maps each family of failure to its code); source routes have no
 * handling of their own, their failures go back to the lookup route that called them.
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
        routeConfiguration(ErrorHandling.HUB_ERRORS).onException(Exception.class).handled(true)
                .process(responder::respond);
    }
}
