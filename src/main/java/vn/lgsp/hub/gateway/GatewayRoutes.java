package vn.lgsp.hub.gateway;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.sources.SourceRoutes;
import vn.lgsp.hub.sources.Subjects;

/**
 * REST in: the data lookups of docs/api.md §2. Each lookup names its source and goes through
 * {@code direct:gateway.lookup}: accept (context headers, grant, subject), the source route
 * {@code direct:source.<source>.fetch} declared in {@code routes/<source>.yaml}, then respond.
 * {@code GET /api/v1/lookups/{source}/{subject}} reaches every source the same way, those an
 * administrator added included; the built-in sources keep their own paths too. What each path
 * accepts and answers is documented in {@code docs/openapi.yaml}.
 */
@Component
class GatewayRoutes extends RouteBuilder {

    private final LookupGateway lookups;

    GatewayRoutes(LookupGateway lookups) {
        this.lookups = lookups;
    }

    /** Whether the REST route with this id is a data lookup (the routes {@code gateway.<source>} declared here). */
    static boolean isLookup(String restRouteId) {
        return restRouteId != null && restRouteId.startsWith("gateway.");
    }

    @Override
    public void configure() {
        restConfiguration()
                .component("servlet")
                .inlineRoutes(false);

        RestDefinition api = rest("/api/v1");
        lookup(api.get("/citizens/{personalId}"), "citizens");
        lookup(api.get("/enterprises/{enterpriseCode}"), "enterprises");
        lookup(api.get("/land-parcels/{communeCode}/{mapSheet}/{parcelNumber}"), "land");
        lookup(api.get("/lookups/{source}/{subject}"), null);

        from("direct:gateway.lookup").routeId("gateway.lookup")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(lookups::accept).id("gateway.lookup.accept")
                .process(lookups::preferCopy).id("gateway.lookup.reuse")
                .choice()
                    .when(exchangeProperty(LookupGateway.SERVED_FROM).isNull())
                        .process(lookups::requireSourceRoute).id("gateway.lookup.route")
                        .toD("direct:source.${exchangeProperty." + SourceRoutes.SOURCE + "}.fetch").id("gateway.lookup.source")
                .end()
                .process(lookups::respond).id("gateway.lookup.respond");
    }

    /** One lookup path: to a fixed source, or (source null) to the one named by the path's {source}. */
    private void lookup(RestDefinition verb, String source) {
        verb.produces("application/json")
                .routeId("gateway." + (source == null ? "lookups" : source))
                .to("direct:gateway." + (source == null ? "lookups" : source));
        if (source == null) {
            from("direct:gateway.lookups").routeId("gateway.lookups.lookup")
                    .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                    .setProperty(SourceRoutes.SOURCE, header("source"))
                    .setProperty(LookupGateway.SUBJECT_SEGMENT, header(Subjects.FIELD))
                    .to("direct:gateway.lookup");
        } else {
            from("direct:gateway." + source).routeId("gateway." + source + ".lookup")
                    .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                    .setProperty(SourceRoutes.SOURCE, constant(source))
                    .to("direct:gateway.lookup");
        }
    }
}
