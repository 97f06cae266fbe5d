package vn.lgsp.hub.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.PageCursor;
import vn.lgsp.hub.common.QueryParameters;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.security.CurrentClient;

/** docs/api.md §6, role ADMIN: dead letters (messages that exhausted their retries), their replay, the audit trail. */
@Component
class AdminRoutes extends RouteBuilder {

    /** What a dead letter's id can be; anything else is not recorded as it was sent. */
    private static final Pattern DEAD_LETTER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** What a client id can be (security.BearerTokens). */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    /** What an action's name can be: source.change, dead-letter.replay, routes.reload. */
    private static final Pattern ACTION = Pattern.compile("(?=.{1,64}$)[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*");

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
                .process(this::deadLetters);
        from("direct:admin.dead-letter-replay").routeId("admin.dead-letter-replay")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::replay);
        from("direct:admin.audit").routeId("admin.audit").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::audit);
    }

    /**
     * Every dead letter, or with {@code limit} (1-1000) and/or {@code offset} (0-999999999, 0) one page of
     * them (limit 100 by default); {@code total} counts them all, {@code nextOffset} is where the next page
     * begins (null: none).
     */
    private void deadLetters(Exchange exchange) {
        String offsetText = exchange.getIn().getHeader("offset", String.class);
        boolean paged = offsetText != null && !offsetText.isEmpty()
                || exchange.getIn().getHeader("limit", String.class) != null;
        Map<String, Object> body = new LinkedHashMap<>();
        if (!paged) {
            List<DeadLetters.DeadLetter> all = deadLetters.list();
            body.put("deadLetters", all);
            body.put("total", all.size());
            body.put("nextOffset", null);
        } else {
            int limit = QueryParameters.limit(exchange, 100);
            long offset = 0;
            if (offsetText != null && !offsetText.isEmpty()) {
                if (!offsetText.matches("[0-9]{1,9}")) {
                    throw HubException.invalid(ErrorCode.INVALID_REQUEST, "offset", "offset must be 0-999999999");
                }
                offset = Long.parseLong(offsetText);
            }
            DeadLetters.Page page = deadLetters.page(offset, limit);
            body.put("deadLetters", page.deadLetters());
            body.put("total", page.total());
            long next = offset + page.deadLetters().size();
            body.put("nextOffset", page.deadLetters().size() == limit && next < page.total() ? next : null);
        }
        responses.json(exchange, 200, body);
    }

    /**
     * The trail, latest first: {@code limit} (1-1000, 100), {@code before} (the {@code next} of the previous
     * page), and filters {@code actor} and {@code action} (exact), {@code from} (inclusive) and {@code to}
     * (exclusive), each an instant with its offset or a date (a day in Asia/Ho_Chi_Minh: {@code to} includes it).
     */
    private void audit(Exchange exchange) {
        int n = QueryParameters.limit(exchange, 100);
        String actor = exact(exchange, "actor", CLIENT_ID, "actor must be a client id");
        String action = exact(exchange, "action", ACTION, "action must be an action name such as source.change");
        Instant from = time(exchange, "from", false);
        Instant to = time(exchange, "to", true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "from", "from must be before to");
        }
        PageCursor before = PageCursor.ofParameter("before", exchange.getIn().getHeader("before", String.class));
        AuditLog.Page page = audit.page(new AuditLog.Filter(actor, action, from, to), before, n);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.events());
        body.put("next", page.next() == null ? null : page.next().toString());
        responses.json(exchange, 200, body);
    }

    private static String exact(Exchange exchange, String name, Pattern form, String message) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!form.matcher(value).matches()) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, name, message);
        }
        return value;
    }

    /** An instant with its offset, or a date: its start in Asia/Ho_Chi_Minh, or the next day's for an end. */
    private static Instant time(Exchange exchange, String name, boolean end) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(BusinessTime.ZONE).toInstant();
            }
            if (value.length() <= 40) {
                return OffsetDateTime.parse(value).toInstant();
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw HubException.invalid(ErrorCode.INVALID_REQUEST, name,
                name + " must be a date YYYY-MM-DD or an instant such as 2026-11-20T08:00:00+07:00");
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
