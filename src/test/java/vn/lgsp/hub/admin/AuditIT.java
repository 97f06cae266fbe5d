package vn.lgsp.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/** The audit trail: every admin action, readable by admins (docs/api.md §6). */
class AuditIT extends HubIT {

    private JsonNode find(String actor, String action, String outcome, String correlationId) {
        JsonNode events = get("/api/v1/admin/audit?limit=1000", ADMIN_KEY).json().path("events");
        return StreamSupport.stream(events.spliterator(), false)
                .filter(e -> correlationId.equals(e.path("correlationId").asText()))
                .filter(e -> actor.equals(e.path("actor").asText()) && action.equals(e.path("action").asText())
                        && outcome.equals(e.path("outcome").asText()))
                .findFirst().orElse(null);
    }

    /** Refusals are counted, not stored (security.RefusalsIT): a refused access leaves no audit event. */
    @Test
    void aRefusedAccessIsNotAnAuditEvent() {
        Integer before = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class);
        get("/api/v1/citizens/074085000123", LAND_OFFICE_KEY, "X-Dossier-Id", "D", "X-Procedure-Code", "1.001612");
        get("/api/v1/dossiers/X", "stolen-key");
        get("/api/v1/admin/audit", AUDITOR_KEY);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class)).isEqualTo(before);
    }

    @Test
    void anAdminActionIsRecorded() {
        String id = "audit-admin-" + System.nanoTime();
        send(HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters/00000000-0000-0000-0000-000000000000/replay"))
                .header("X-API-Key", ADMIN_KEY).header("X-Correlation-Id", id)
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        JsonNode event = find("hub-admin", "dead-letter.replay", "client.not_found", id);
        assertThat(event).isNotNull();
        assertThat(event.path("target").asText()).isEqualTo("dead letter 00000000-0000-0000-0000-000000000000");
    }

    @Test
    void theTrailIsForAdminsOnly() {
        assertThat(get("/api/v1/admin/audit", AUDITOR_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/admin/audit?limit=0", ADMIN_KEY).status()).isEqualTo(400);
    }

    /** An event as AuditLog records it, at a given time. */
    private void event(String actor, String action, String at) {
        jdbc.update("INSERT INTO audit_event (occurred_at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?)",
                OffsetDateTime.parse(at), actor, action, "source citizens", "done");
    }

    private JsonNode trail(String query) {
        Response response = get("/api/v1/admin/audit?" + query, ADMIN_KEY);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> times(JsonNode page) {
        List<String> times = new ArrayList<>();
        page.path("events").forEach(e -> times.add(OffsetDateTime.parse(e.path("at").asText()).toInstant().toString()
                + " " + e.path("action").asText()));
        return times;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theTrailIsFilteredByActorAndAction() {
        String actor = "audit-it-" + System.nanoTime();
        event(actor, "source.change", "2025-02-01T09:00:00+07:00");
        event(actor, "route.stop", "2025-02-01T10:00:00+07:00");
        event(actor, "source.change", "2025-02-01T11:00:00+07:00");
        event("someone-else", "source.change", "2025-02-01T12:00:00+07:00");

        JsonNode byActor = trail("actor=" + actor);
        JsonNode byBoth = trail("actor=" + actor + "&action=source.change");

        assertThat(times(byActor)).containsExactly("2025-02-01T04:00:00Z source.change", "2025-02-01T03:00:00Z route.stop",
                "2025-02-01T02:00:00Z source.change");
        assertThat(byActor.path("events").get(0).path("actor").asText()).isEqualTo(actor);
        assertThat(byActor.path("next").isNull()).isTrue();
        assertThat(times(byBoth)).containsExactly("2025-02-01T04:00:00Z source.change", "2025-02-01T02:00:00Z source.change");
        assertThat(trail("actor=" + actor + "&action=source.delete").path("events")).isEmpty();
    }

    @Test
    void theTrailIsReadAPageAtATimeLatestFirst() {
        String actor = "audit-it-" + System.nanoTime();
        event(actor, "route.stop", "2025-03-01T09:00:00+07:00");
        // two at the same instant: the one recorded later comes first
        event(actor, "route.start", "2025-03-01T10:00:00+07:00");
        event(actor, "route.stop", "2025-03-01T10:00:00+07:00");
        event(actor, "route.start", "2025-03-01T11:00:00+07:00");
        event(actor, "routes.reload", "2025-03-01T12:00:00+07:00");

        JsonNode first = trail("actor=" + actor + "&limit=2");
        JsonNode second = trail("actor=" + actor + "&limit=2&before=" + encode(first.path("next").asText()));
        JsonNode third = trail("actor=" + actor + "&limit=2&before=" + encode(second.path("next").asText()));

        assertThat(times(first)).containsExactly("2025-03-01T05:00:00Z routes.reload", "2025-03-01T04:00:00Z route.start");
        assertThat(first.path("next").asText()).isNotEmpty();
        assertThat(times(second)).containsExactly("2025-03-01T03:00:00Z route.stop", "2025-03-01T03:00:00Z route.start");
        assertThat(times(third)).containsExactly("2025-03-01T02:00:00Z route.stop");
        assertThat(third.path("next").isNull()).isTrue();
        // a page that ends with the last event says so: no empty page after it
        assertThat(trail("actor=" + actor + "&limit=5").path("next").isNull()).isTrue();
    }

    @Test
    void theTrailIsFilteredByTimeFromInclusiveToExclusiveOrByDays() {
        String actor = "audit-it-" + System.nanoTime();
        event(actor, "source.reset", "2025-04-09T23:59:59.999999+07:00");
        event(actor, "source.create", "2025-04-10T00:00:00+07:00");
        event(actor, "source.change", "2025-04-10T23:30:00+07:00");
        event(actor, "source.delete", "2025-04-11T00:00:00+07:00");

        // dates are days in Asia/Ho_Chi_Minh, both included
        assertThat(times(trail("actor=" + actor + "&from=2025-04-10&to=2025-04-10")))
                .containsExactly("2025-04-10T16:30:00Z source.change", "2025-04-09T17:00:00Z source.create");
        // instants: from included, to excluded
        assertThat(times(trail("actor=" + actor + "&from=" + encode("2025-04-10T00:00:00+07:00")
                + "&to=" + encode("2025-04-10T16:30:00Z")))).containsExactly("2025-04-09T17:00:00Z source.create");
        assertThat(times(trail("actor=" + actor + "&from=2025-04-11"))).containsExactly("2025-04-10T17:00:00Z source.delete");
        assertThat(times(trail("actor=" + actor + "&to=2025-04-09"))).containsExactly("2025-04-09T16:59:59.999999Z source.reset");
    }

    @Test
    void badFiltersAndCursorsAre400NamingTheParameter() {
        String[][] cases = {
                {"actor=" + encode("hub admin"), "actor"},
                {"actor=" + "a".repeat(65), "actor"},
                {"action=" + encode("source.change' OR '1'='1"), "action"},
                {"action=Source.Change", "action"},
                {"from=yesterday", "from"},
                {"from=2025-02-30", "from"},
                {"to=" + encode("2025-04-10T10:00:00"), "to"},
                {"from=2025-04-11&to=2025-04-10", "from"},
                {"before=not-a-cursor", "before"},
                {"before=" + "QUJD".repeat(30), "before"},
                {"limit=1001", "limit"},
        };
        for (String[] c : cases) {
            Response response = get("/api/v1/admin/audit?" + c[0], ADMIN_KEY);
            assertThat(response.status()).as(c[0]).isEqualTo(400);
            assertThat(response.json().path("code").asText()).as(c[0]).isEqualTo("client.invalid_request");
            assertThat(response.json().path("errors").get(0).path("field").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }
}
