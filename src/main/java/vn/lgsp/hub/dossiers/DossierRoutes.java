package vn.lgsp.hub.dossiers;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.JsonBodies;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.security.CurrentClient;

/** docs/api.md §4: registering dossiers and their status events, and reading one back with its lookups. */
@Component
class DossierRoutes extends RouteBuilder {

    private final Dossiers dossiers;
    private final JsonBodies bodies;
    private final Responses responses;
    private final Clock clock;
    private final DossiersProperties properties;

    DossierRoutes(Dossiers dossiers, JsonBodies bodies, Responses responses, Clock clock, DossiersProperties properties) {
        this.properties = properties;
        this.dossiers = dossiers;
        this.bodies = bodies;
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public void configure() {
        rest("/api/v1/dossiers")
                .put("/{dossierId}").id("dossiers.put").consumes("application/json").produces("application/json")
                    .to("direct:dossiers.put")
                .post("/{dossierId}/events").id("dossiers.event").consumes("application/json").produces("application/json")
                    .to("direct:dossiers.event")
                .get("/{dossierId}").id("dossiers.get").produces("application/json")
                    .to("direct:dossiers.get");

        from("direct:dossiers.put").routeId("dossiers.put").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::put);
        from("direct:dossiers.event").routeId("dossiers.event").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::event);
        from("direct:dossiers.get").routeId("dossiers.get").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::get);
    }

    private void put(Exchange exchange) {
        String dossierId = DossierValidation.dossierId(exchange.getIn().getHeader("dossierId", String.class));
        DossierDocument document = bodies.read(exchange, DossierDocument.class);
        DossierValidation.document(document, clock, properties.requiredFields());
        int version = dossiers.put(CurrentClient.require().id(), dossierId, document,
                exchange.getIn().getHeader("traceparent", String.class));
        responses.json(exchange, 202, accepted(dossierId, version));
    }

    private void event(Exchange exchange) {
        String dossierId = DossierValidation.dossierId(exchange.getIn().getHeader("dossierId", String.class));
        DossierEvent event = bodies.read(exchange, DossierEvent.class);
        if (event.status() == null || event.status() == DossierStatus.RECEIVED) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "status",
                    "status must be PROCESSING, SUPPLEMENT_REQUESTED, RESOLVED, RETURNED or CANCELLED");
        }
        DossierValidation.event(event.at(), event.officer(), event.note());
        int version = dossiers.event(CurrentClient.require().id(), dossierId, event.status(), event.at(),
                new DossierSnapshot.Handling(event.officer(), event.note()),
                exchange.getIn().getHeader("traceparent", String.class));
        responses.json(exchange, 202, accepted(dossierId, version));
    }

    private void get(Exchange exchange) {
        String dossierId = DossierValidation.dossierId(exchange.getIn().getHeader("dossierId", String.class));
        responses.json(exchange, 200, dossiers.get(CurrentClient.require().id(), dossierId));
    }

    private static Map<String, Object> accepted(String dossierId, int version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dossierId", dossierId);
        body.put("syncState", Dossiers.PENDING);
        body.put("version", version);
        return body;
    }

    /** {@code POST /api/v1/dossiers/{dossierId}/events}: the new status, when, and optionally who handled it and how. */
    record DossierEvent(DossierStatus status, OffsetDateTime at, String officer, String note) {
    }
}
