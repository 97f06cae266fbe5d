package vn.lgsp.hub.admin;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.JsonBodies;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.security.CurrentClient;
import vn.lgsp.hub.sources.settings.SourceAdministration;
import vn.lgsp.hub.sources.settings.SourceSettings;

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
        rest("/api/v1/admin/sources")
                .get().id("admin.sources").produces("application/json")
                    .to("direct:admin.sources")
                .get("/{source}").id("admin.source").produces("application/json")
                    .to("direct:admin.source")
                .put("/{source}").id("admin.source-change").consumes("application/json").produces("application/json")
                    .to("direct:admin.source-change")
                .delete("/{source}").id("admin.source-reset").produces("application/json")
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
