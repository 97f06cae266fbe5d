package vn.lgsp.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
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
}
