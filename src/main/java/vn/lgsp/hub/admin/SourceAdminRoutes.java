package vn.lgsp.hub.admin;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.JsonBodies;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.security.CurrentClient;
import vn.lgsp.hub.sources.SourceAdministration;
import vn.lgsp.hub.sources.SourceSettings;

/** docs/api.md §6, role ADMIN: the live settings of the national databases, read and changed without a restart. */
@Component
class SourceAdminRoutes extends RouteBuilder {

    private final SourceAdministration administration;
    private final JsonBodies bodies;
    private final Responses responses;

    SourceAdminRoutes(SourceAdministration administration, JsonBodies bodies, Responses responses) {
        this.administration = administration;
        this.bodies = bodies;
        this.responses = responses;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin/sources").description("Live source settings (role ADMIN)")
                .get().id("admin.sources").produces("application/json")
                    .description("Every source's settings as this hub instance runs them")
                    .to("direct:admin.sources")
                .get("/{source}").id("admin.source").produces("application/json")
                    .description("One source's settings as this hub instance runs them")
                    .outType(SourceSettings.class)
                    .param().name("source").type(RestParamType.path).description("citizens, enterprises, land, ...").endParam()
                    .responseMessage().code(404).message("client.not_found: no such source").endResponseMessage()
                    .to("direct:admin.source")
                .put("/{source}").id("admin.source-change").consumes("application/json").produces("application/json")
                    .description("Replace a source's settings (every field required but subjectPattern and fields): "
                            + "validated, stored, audited, applied from the next call on by every hub instance, "
                            + "without a restart. Settings for a new name create that source; its route is then "
                            + "routes/<source>.yaml, loaded by POST /api/v1/admin/routes/reload")
                    .type(SourceSettings.class).outType(SourceSettings.class)
                    .param().name("source").type(RestParamType.path)
                    .description("citizens, enterprises, land, or a source created here: [a-z][a-z0-9-]{1,31}").endParam()
                    .responseMessage().code(200).message("Applied (or created); the settings now running").endResponseMessage()
                    .responseMessage().code(400).message("client.invalid_request: every invalid field named").endResponseMessage()
                    .to("direct:admin.source-change")
                .delete("/{source}").id("admin.source-reset").produces("application/json")
                    .description("Drop the settings administrators stored: the source runs with its configuration "
                            + "(hub.sources.<source>.*) again on every hub instance. A source created with PUT is "
                            + "deleted (once its route file is no longer loaded)")
                    .outType(SourceSettings.class)
                    .param().name("source").type(RestParamType.path).description("citizens, enterprises, land, ...").endParam()
                    .responseMessage().code(200).message("The configured settings, now running; for a deleted source, "
                            + "the settings it had").endResponseMessage()
                    .responseMessage().code(404).message("client.not_found: no such source").endResponseMessage()
                    .responseMessage().code(409).message("client.conflict: the deleted source's route is still loaded")
                    .endResponseMessage()
                    .to("direct:admin.source-reset");

        from("direct:admin.sources").routeId("admin.sources").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, Map.of("sources", administration.list())));
        from("direct:admin.source").routeId("admin.source").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, administration.get(source(exchange))));
        from("direct:admin.source-change").routeId("admin.source-change").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::change);
        from("direct:admin.source-reset").routeId("admin.source-reset").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200,
                        administration.reset(source(exchange), CurrentClient.require().id())));
    }

    private void change(Exchange exchange) {
        String admin = CurrentClient.require().id();
        String source = source(exchange);
        SourceSettings requested = bodies.read(exchange, SourceSettings.class);
        responses.json(exchange, 200, administration.change(source, requested, admin));
    }

    private static String source(Exchange exchange) {
        return exchange.getIn().getHeader("source", String.class);
    }
}
