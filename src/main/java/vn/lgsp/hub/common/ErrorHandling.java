package vn.lgsp.hub.common;

/** Route configuration ids shared by the routes of every feature (rendered by the gateway's ErrorRoutes). */
public final class ErrorHandling {

    /** Renders every failure as problem+json: routes that answer HTTP callers. */
    public static final String HUB_ERRORS = "hub-errors";
    /** No handling of its own: a source route's failure goes back to the gateway route that called it. */
    public static final String SOURCE_ERRORS = "source-errors";

    private ErrorHandling() {
    }
}
