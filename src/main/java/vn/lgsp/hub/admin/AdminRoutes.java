package vn.lgsp.hub.admin;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.Responses;

/** API.md §6, role ADMIN: dead letters (messages that exhausted their retries) and their replay. */
@Component
class AdminRoutes extends RouteBuilder {

    private final DeadLetters deadLetters;
    private final Responses responses;

    AdminRoutes(DeadLetters deadLetters, Responses responses) {
        this.deadLetters = deadLetters;
        this.responses = responses;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin").description("Administration (role ADMIN)")
                .get("/dead-letters").id("admin.dead-letters").produces("application/json")
                    .description("Messages that exhausted their retries (portal sync, criminal-record requests)")
                    .to("direct:admin.dead-letters")
                .post("/dead-letters/{id}/replay").id("admin.dead-letter-replay").produces("application/json")
                    .description("Put one dead letter back on its queue")
                    .param().name("id").type(RestParamType.path).description("The dead letter's id").endParam()
                    .responseMessage().code(202).message("Replayed").endResponseMessage()
                    .responseMessage().code(404).message("client.not_found: no such dead letter").endResponseMessage()
                    .to("direct:admin.dead-letter-replay");

        from("direct:admin.dead-letters").routeId("admin.dead-letters").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, Map.of("deadLetters", deadLetters.list())));
        from("direct:admin.dead-letter-replay").routeId("admin.dead-letter-replay")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::replay);
    }

    private void replay(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        DeadLetters.DeadLetter replayed = deadLetters.replay(id)
                .orElseThrow(() -> new HubException(ErrorCode.NOT_FOUND, "No dead letter with this id"));
        responses.json(exchange, 202, Map.of("id", replayed.id(), "queue", replayed.queue(), "status", "REPLAYED"));
    }
}
