package vn.lgsp.hub.admin;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.JsonBodies;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.procedures.ProcedureChange;
import vn.lgsp.hub.procedures.Procedures;
import vn.lgsp.hub.security.CurrentClient;

/** docs/api.md §6, role ADMIN: the procedure catalogue pre-fill reads, changed without a restart. */
@Component
class ProcedureAdminRoutes extends RouteBuilder {

    private final Procedures procedures;
    private final JsonBodies bodies;
    private final Responses responses;

    ProcedureAdminRoutes(Procedures procedures, JsonBodies bodies, Responses responses) {
        this.procedures = procedures;
        this.bodies = bodies;
        this.responses = responses;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin/procedures")
                .get().id("admin.procedures").produces("application/json")
                    .to("direct:admin.procedures")
                .get("/{code}").id("admin.procedure").produces("application/json")
                    .to("direct:admin.procedure")
                .put("/{code}").id("admin.procedure-change").consumes("application/json").produces("application/json")
                    .to("direct:admin.procedure-change")
                .delete("/{code}").id("admin.procedure-delete").produces("application/json")
                    .to("direct:admin.procedure-delete");

        from("direct:admin.procedures").routeId("admin.procedures").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, Map.of("procedures", procedures.list())));
        from("direct:admin.procedure").routeId("admin.procedure").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, procedures.get(code(exchange))));
        from("direct:admin.procedure-change").routeId("admin.procedure-change")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::change);
        from("direct:admin.procedure-delete").routeId("admin.procedure-delete")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200,
                        procedures.delete(code(exchange), CurrentClient.require().id())));
    }

    private void change(Exchange exchange) {
        String admin = CurrentClient.require().id();
        ProcedureChange requested = bodies.read(exchange, ProcedureChange.class);
        responses.json(exchange, 200, procedures.change(code(exchange), requested, admin));
    }


    private static String code(Exchange exchange) {
        return exchange.getIn().getHeader("code", String.class);
    }
}
