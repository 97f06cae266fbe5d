package vn.lgsp.hub.sources.routefiles;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.messaging.SharedChanges;

/**
 * How every hub instance sharing the database applies a change of the route set ({@link SharedChanges}):
 * the instance that stored a generation announces it; each subscribed instance, itself included,
 * compares the latest stored generation with the one it applied. The periodic comparison catches an
 * announcement missed while the broker was out of reach.
 */
@Component
class RouteSetRoutes extends SharedChanges.Routes {

    private final RouteSets routeSets;

    RouteSetRoutes(RouteSetProperties properties, RouteSets routeSets) {
        super(properties.topic(), properties.resyncIntervalMs(), "routes.set-changed", "routes.set-resync");
        this.routeSets = routeSets;
    }

    @Override
    protected void announced(Message announcement) {
        routeSets.resync();
    }

    @Override
    protected void resync() {
        routeSets.resync();
    }

    @Override
    protected String appliedLog() {
        return "route set compared generation=${header." + RouteSets.GENERATION_HEADER + "}";
    }
}
