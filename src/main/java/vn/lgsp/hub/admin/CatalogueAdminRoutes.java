package vn.lgsp.hub.admin;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.catalogues.CatalogueAdministration;
import vn.lgsp.hub.catalogues.CatalogueChange;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.JsonBodies;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.security.CurrentClient;

/** docs/api.md §6, role ADMIN: the catalogues national databases' codes are named with, read and changed without a restart. */
@Component
class CatalogueAdminRoutes extends RouteBuilder {

    private final CatalogueAdministration administration;
    private final JsonBodies bodies;
    private final Responses responses;

    CatalogueAdminRoutes(CatalogueAdministration administration, JsonBodies bodies, Responses responses) {
        this.administration = administration;
        this.bodies = bodies;
        this.responses = responses;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin/catalogues")
                .get().id("admin.catalogues").produces("application/json")
                    .to("direct:admin.catalogues")
                .get("/{name}").id("admin.catalogue").produces("application/json")
                    .to("direct:admin.catalogue")
                .put("/{name}").id("admin.catalogue-change").consumes("application/json").produces("application/json")
                    .to("direct:admin.catalogue-change")
                .delete("/{name}").id("admin.catalogue-reset").produces("application/json")
                    .to("direct:admin.catalogue-reset");

        from("direct:admin.catalogues").routeId("admin.catalogues").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, Map.of("catalogues", administration.list())));
        from("direct:admin.catalogue").routeId("admin.catalogue").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, administration.get(name(exchange))));
        from("direct:admin.catalogue-change").routeId("admin.catalogue-change")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::change);
        from("direct:admin.catalogue-reset").routeId("admin.catalogue-reset")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200,
                        administration.reset(name(exchange), CurrentClient.require().id())));
    }

    private void change(Exchange exchange) {
        String admin = CurrentClient.require().id();
        String name = name(exchange);
        // an unknown catalogue is 404 whatever the body
        administration.get(name);
        CatalogueChange requested = bodies.read(exchange, CatalogueChange.class);
        responses.json(exchange, 200, administration.change(name, requested, admin));
    }

    private static String name(Exchange exchange) {
        return exchange.getIn().getHeader("name", String.class);
    }
}
