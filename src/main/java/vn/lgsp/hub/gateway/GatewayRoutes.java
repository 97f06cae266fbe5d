package vn.lgsp.hub.gateway;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.sources.SourceRoutes;
import vn.lgsp.hub.sources.Subjects;
import vn.lgsp.hub.sources.citizens.Citizen;
import vn.lgsp.hub.sources.enterprises.Enterprise;
import vn.lgsp.hub.sources.land.LandParcel;

/**
 * REST in: the data lookups of docs/api.md §2. Each lookup names its source and goes through
 * {@code direct:gateway.lookup}: accept (context headers, grant, subject), the source route
 * {@code direct:source.<source>.fetch} declared in {@code routes/<source>.yaml}, then respond.
 * {@code GET /api/v1/lookups/{source}/{subject}} reaches every source the same way, those an
 * administrator added included; the built-in sources keep their own paths too.
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
                .inlineRoutes(false)
                // read by the OpenAPI document at /v3/api-docs
                .apiProperty("api.title", "LGSP Hub")
                .apiProperty("api.version", "v1")
                .apiProperty("api.description", "Provincial data-integration hub: data lookups in national "
                        + "databases, dossier sync to the National Public Service Portal and the reuse ledger. "
                        + "Errors are application/problem+json with a stable code, also in the X-Hub-Error header.");

        RestDefinition api = rest("/api/v1").description("Data lookups in the national databases");
        lookup(api.get("/citizens/{personalId}")
                .description("A citizen from the National Population Database").outType(Citizen.class)
                .param().name("personalId").type(RestParamType.path)
                .description("Personal identification number (12 digits)").endParam(), "citizens");
        lookup(api.get("/enterprises/{enterpriseCode}")
                .description("An enterprise from the National Business Registration Database").outType(Enterprise.class)
                .param().name("enterpriseCode").type(RestParamType.path)
                .description("Enterprise code: NNNNNNNNNN or NNNNNNNNNN-NNN for a branch").endParam(), "enterprises");
        lookup(api.get("/land-parcels/{communeCode}/{mapSheet}/{parcelNumber}")
                .description("A land parcel from the land database").outType(LandParcel.class)
                .param().name("communeCode").type(RestParamType.path).description("Commune code (5 digits)").endParam()
                .param().name("mapSheet").type(RestParamType.path).description("Map sheet number").endParam()
                .param().name("parcelNumber").type(RestParamType.path).description("Parcel number").endParam(),
                "land");
        lookup(api.get("/lookups/{source}/{subject}")
                .description("A subject from any national database the hub knows, those added by configuration "
                        + "included (routes/README.md). The answer is the source's canonical JSON")
                .param().name("source").type(RestParamType.path)
                .description("The source: citizens, enterprises, land, or one an administrator added").endParam()
                .param().name(Subjects.FIELD).type(RestParamType.path)
                .description("The subject: a personal ID for citizens, an enterprise code for enterprises, "
                        + "communeCode-mapSheet-parcelNumber (25747-12-345) for land; for an added source, "
                        + "1-64 letters, digits, '-' or '_' matching its subject pattern").endParam(), null);

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
                .param().name("X-API-Key").type(RestParamType.header).required(true)
                .description("The calling system's API key").endParam()
                .param().name(GatewayRequest.DOSSIER_HEADER).type(RestParamType.header).required(true)
                .description("The dossier (ma ho so) the data is used for").endParam()
                .param().name(GatewayRequest.PROCEDURE_HEADER).type(RestParamType.header).required(true)
                .description("National procedure code, e.g. 1.001612").endParam()
                .param().name(GatewayRequest.OFFICER_HEADER).type(RestParamType.header).required(false)
                .description("The officer acting").endParam()
                .param().name(GatewayRequest.AGENCY_HEADER).type(RestParamType.header).required(false)
                .description("The agency handling the dossier, recorded in the reuse ledger").endParam()
                .param().name("X-Correlation-Id").type(RestParamType.header).required(false)
                .description("Echoed on the response; generated when absent").endParam()
                .responseMessage().code(200).message("Found; X-Hub-Served-From tells where from").endResponseMessage()
                .responseMessage().code(400).message("Invalid identifier or context header (problem+json)").endResponseMessage()
                .responseMessage().code(401).message("Missing or unknown API key").endResponseMessage()
                .responseMessage().code(403).message("No grant for this source").endResponseMessage()
                .responseMessage().code(404).message("source.not_found; client.not_found for an unknown source")
                .endResponseMessage()
                .responseMessage().code(502).message("source.bad_response").endResponseMessage()
                .responseMessage().code(503).message("source.unavailable").endResponseMessage()
                .responseMessage().code(504).message("source.timeout").endResponseMessage()
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
