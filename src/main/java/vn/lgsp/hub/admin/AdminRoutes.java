package vn.lgsp.hub.admin;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.security.CurrentClient;

/** docs/api.md §6, role ADMIN: dead letters (messages that exhausted their retries), their replay, the audit trail. */
@Component
class AdminRoutes extends RouteBuilder {

    /** What a dead letter's id can be; anything else is not recorded as it was sent. */
    private static final Pattern DEAD_LETTER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final DeadLetters deadLetters;
    private final Responses responses;
    private final AuditLog audit;

    AdminRoutes(DeadLetters deadLetters, Responses responses, AuditLog audit) {
        this.deadLetters = deadLetters;
        this.responses = responses;
        this.audit = audit;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin")
                .get("/dead-letters").id("admin.dead-letters").produces("application/json")
                    .to("direct:admin.dead-letters")
                .post("/dead-letters/{id}/replay").id("admin.dead-letter-replay").produces("application/json")
                    .to("direct:admin.dead-letter-replay")
                .get("/audit").id("admin.audit").produces("application/json")
                    .to("direct:admin.audit");

        from("direct:admin.dead-letters").routeId("admin.dead-letters").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, Map.of("deadLetters", deadLetters.list())));
        from("direct:admin.dead-letter-replay").routeId("admin.dead-letter-replay")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::replay);
        from("direct:admin.audit").routeId("admin.audit").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::audit);
    }

    private void audit(Exchange exchange) {
        String limit = exchange.getIn().getHeader("limit", String.class);
        int n = 100;
        if (limit != null && !limit.isEmpty()) {
            n = limit.matches("[0-9]{1,4}") ? Integer.parseInt(limit) : 0;
            if (n < 1 || n > 1000) {
                throw HubException.invalid(ErrorCode.INVALID_REQUEST, "limit", "limit must be 1-1000");
            }
        }
        responses.json(exchange, 200, Map.of("events", audit.latest(n)));
    }

    private void replay(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        String admin = CurrentClient.require().id();
        DeadLetters.DeadLetter replayed = deadLetters.replay(id).orElse(null);
        audit.record(admin, "dead-letter.replay", "dead letter " + (id != null && DEAD_LETTER_ID.matcher(id).matches() ? id : "?"),
                replayed == null ? ErrorCode.NOT_FOUND.code() : "done", replayed == null ? null : replayed.queue());
        if (replayed == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "No dead letter with this id");
        }
        responses.json(exchange, 202, Map.of("id", replayed.id(), "queue", replayed.queue(), "status", "REPLAYED"));
    }
}
