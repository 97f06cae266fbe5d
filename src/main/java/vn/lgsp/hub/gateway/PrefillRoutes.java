package vn.lgsp.hub.gateway;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorHandling;

/** docs/api.md §2, role CLIENT: {@code POST /api/v1/dossiers/{dossierId}/prefill}, every source a procedure needs at once. */
@Component
class PrefillRoutes extends RouteBuilder {

    private final Prefills prefills;

    PrefillRoutes(Prefills prefills) {
        this.prefills = prefills;
    }

    @Override
    public void configure() {
        rest("/api/v1/dossiers")
                .post("/{dossierId}/prefill").id("dossiers.prefill").consumes("application/json")
                    .produces("application/json")
                    .to("direct:dossiers.prefill");

        from("direct:dossiers.prefill").routeId("dossiers.prefill").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(prefills::prefill);
    }
}
