package vn.lgsp.hub.gateway;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.lookup.Lookup;
import vn.lgsp.hub.sources.lookup.SourceRoutes;
import vn.lgsp.hub.sources.lookup.Subjects;

/**
 * REST in: the data lookups of docs/api.md §2, one route each from the REST entry to the answer.
 * Each source the hub reads subjects for has its own path ({@code /api/v1/citizens/{personalId}},
 * from its subject parser), and {@code GET /api/v1/lookups/{source}/{subject}} reaches every source,
 * those an administrator added included. A lookup route reads top to bottom:
 * <ol>
 *   <li>{@code accept}: the {@link Lookup} is made; context headers, source, grant and subject are
 *       checked before anything leaves the hub;</li>
 *   <li>{@code reuse}: a stored copy answers when the source prefers copies;</li>
 *   <li>{@code source}: otherwise the source route declared in {@code routes/<source>.yaml} is
 *       called (the template of {@link SourceRoutes});</li>
 *   <li>{@code respond}: the ledger row is committed, then the canonical JSON answered;</li>
 * </ol>
 * and any failure on the way, the source route's included, is recorded and answered by the route's
 * own handler ({@code failed}). What each path accepts and answers is in {@code docs/openapi.yaml}.
 */
@Component
class GatewayRoutes extends RouteBuilder {

    /** The route id of the generic lookup path. */
    static final String GENERIC = "gateway.lookups";
    /**
     * The lookups the hub makes itself, one per part of a pre-fill ({@link Prefills}): the generic lookup's
     * steps, the source and subject in the headers {@code source} and {@code subject}, the client in an
     * exchange property.
     */
    static final String PART = "direct:gateway.prefill-part";
    private static final String BASE = "/api/v1";

    private final LookupGateway lookups;
    private final Subjects subjects;

    GatewayRoutes(LookupGateway lookups, Subjects subjects) {
        this.lookups = lookups;
        this.subjects = subjects;
    }

    /** Whether the REST route with this id is a data lookup (the routes {@code gateway.<source>} declared here). */
    static boolean isLookup(String restRouteId) {
        return restRouteId != null && restRouteId.startsWith("gateway.");
    }

    @Override
    public void configure() {
        restConfiguration()
                .component("servlet")
                // answers with Content-Length in one write, not chunked: Camel's chunked answer is the
                // body and then its last chunk, two writes to the socket for every answer
                .endpointProperty("chunked", "false")
                .inlineRoutes(false);

        subjects.parsers().forEach((source, parser) -> {
            if (parser.path() != null) {
                lookup(parser.path(), "gateway." + source, source);
            }
        });
        lookup("/lookups/{" + LookupGateway.SOURCE_PARAMETER + "}/{" + Subjects.FIELD + "}", GENERIC, null);
        lookup(from(PART), "gateway.prefill-part", null);
    }

    /** The route of one lookup path: to a fixed source, or (source null) to the one the path names. */
    private void lookup(String path, String routeId, String source) {
        lookup(from("rest:get:" + BASE + ":" + path + "?produces=application/json"), routeId, source);
    }

    /** A lookup route's steps, from {@code from}. */
    private void lookup(RouteDefinition from, String routeId, String source) {
        RouteDefinition route = from.routeId(routeId);
        route.onException(Exception.class).handled(true)
                .process(exchange -> lookups.failed(exchange, source)).id(routeId + ".failed")
                .end();
        ChoiceDefinition call = route
                .process(exchange -> lookups.accept(exchange, source)).id(routeId + ".accept")
                .process(lookups::preferCopy).id(routeId + ".reuse")
                .choice()
                    .when(exchange -> Lookup.of(exchange).needsSource())
                        .process(lookups::requireRoute).id(routeId + ".route");
        if (source == null) {
            call.toD("direct:source.${exchangeProperty." + Lookup.PROPERTY + ".source}.fetch").id(routeId + ".source");
        } else {
            call.to("direct:" + SourceRoutes.routeId(source)).id(routeId + ".source");
        }
        call.end()
                .process(lookups::respond).id(routeId + ".respond");
    }
}
