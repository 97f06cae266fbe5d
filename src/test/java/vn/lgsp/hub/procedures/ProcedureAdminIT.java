package vn.lgsp.hub.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.support.HubIT;

/** docs/api.md §6: the procedure catalogue, read and changed by an administrator, used by every instance's pre-fills. */
class ProcedureAdminIT extends HubIT {

    private static final String PATH = "/api/v1/admin/procedures/";
    private static final String NAME_ONLY = "{\"name\": \"Xác nhận tình trạng hôn nhân (ví dụ)\", \"sources\": "
            + "{\"citizens\": {\"subject\": \"personalId\", \"fields\": [\"fullName\", \"permanentAddress.provinceCode\"]}}}";

    @Autowired
    private ProcedureProperties properties;

    private Response prefill(String procedure) {
        return postJson("/api/v1/dossiers/000.00.12.H12-PA-" + UUID.randomUUID().toString().substring(0, 8) + "/prefill",
                "{\"personalId\": \"074085000123\", \"fullName\": \"Nguyễn Văn An\", \"birthDate\": \"1985-03-14\"}",
                PROVINCIAL_KEY, "X-Procedure-Code", procedure, "X-Officer-Id", "CB-0042", "X-Agency-Code", "000.00.12.H12");
    }

    @Test
    void theShippedCatalogueCoversTheFixtureProcedures() {
        Response list = get("/api/v1/admin/procedures", ADMIN_KEY);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("procedures")).extracting(p -> p.path("code").asText())
                .containsExactly("1.001612", "1.004227", "2.000488", "2.001157");
        JsonNode entry = get(PATH + "2.001157", ADMIN_KEY).json();
        assertThat(entry.path("origin").asText()).isEqualTo("shipped");
        assertThat(entry.path("version").asInt()).isZero();
        assertThat(entry.path("sources").path("land").path("subject").asText()).isEqualTo("landParcel");
        assertThat(entry.path("sources").fieldNames()).toIterable().containsExactly("citizens", "enterprises", "land");
    }

    @Test
    void anEntryIsStoredAuditedAndUsedByThePrefillAtOnce() {
        String correlationId = UUID.randomUUID().toString();
        Response stored = put(PATH + "1.000046", NAME_ONLY, ADMIN_KEY, "X-Correlation-Id", correlationId);

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().path("origin").asText()).isEqualTo("stored");
        assertThat(stored.json().path("version").asInt()).isEqualTo(1);
        assertThat(stored.json().path("updatedBy").asText()).isEqualTo("hub-admin");
        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("action").asText()).isEqualTo("procedure.change");
        assertThat(event.path("target").asText()).isEqualTo("procedure 1.000046");
        assertThat(event.path("after").path("sources").path("citizens").path("fields").get(0).asText())
                .isEqualTo("fullName");

        JsonNode data = prefill("1.000046").json().path("parts").path("citizens").path("data");
        assertThat(data.path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(data.path("permanentAddress").path("provinceCode").asText()).isEqualTo("74");
        assertThat(data.path("permanentAddress").has("detail")).isFalse();
        assertThat(data.has("dateOfBirth")).isFalse();

        assertThat(put(PATH + "1.000046", NAME_ONLY, ADMIN_KEY).json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void everyBrokenRuleIsNamedAndNothingIsStored() {
        String correlationId = UUID.randomUUID().toString();
        Response refused = put(PATH + "1.000046", "{\"code\": \"1.000047\", \"sources\": {"
                + "\"cadastre\": {\"subject\": \"landParcel\", \"fields\": [\"areaM2\"]},"
                + "\"land\": {\"subject\": \"personalId\", \"fields\": [\"areaM2\", \"owner\", \"areaM2\", \"holders.age\"]},"
                + "\"citizens\": {\"subject\": \"personalId\", \"fields\": []},"
                + "\"enterprises\": {\"subject\": \"taxCode\", \"fields\": [\"name\", \"head office\"]}}}",
                ADMIN_KEY, "X-Correlation-Id", correlationId);

        assertProblem(refused, 400, "client.invalid_request");
        assertThat(refused.json().path("errors")).extracting(e -> e.path("field").asText()).containsExactly(
                "code", "sources.cadastre", "sources.land.subject", "sources.land.fields[1]", "sources.land.fields[2]",
                "sources.land.fields[3]", "sources.citizens.fields", "sources.enterprises.subject",
                "sources.enterprises.fields[1]");
        assertThat(auditEvent(correlationId).path("outcome").asText()).isEqualTo("client.invalid_request");
        assertProblem(get(PATH + "1.000046", ADMIN_KEY), 404, "client.not_found");

        assertProblem(put(PATH + "1.000046", "{\"sources\": {}}", ADMIN_KEY), 400, "client.invalid_request");
        assertProblem(put(PATH + "1.000046", "{\"sources\": {\"citizens\": null}}", ADMIN_KEY), 400,
                "client.invalid_request");
        assertProblem(put(PATH + "1.000046", "{\"sources\": {\"citizens\": {\"subject\": \"personalId\", "
                + "\"fields\": \"fullName\"}}}", ADMIN_KEY), 400, "client.invalid_request");
        assertProblem(put(PATH + "not-a-code", NAME_ONLY, ADMIN_KEY), 400, "client.invalid_request");
        assertProblem(get(PATH + "1.00004", ADMIN_KEY), 400, "client.invalid_request");
    }

    @Test
    void deletingReturnsToTheShippedEntryOrRemovesTheCode() {
        Response replaced = put(PATH + "1.001612", NAME_ONLY, ADMIN_KEY);
        assertThat(replaced.json().path("origin").asText()).isEqualTo("stored");
        assertThat(prefill("1.001612").json().path("parts").path("citizens").path("data").has("gender")).isFalse();

        String correlationId = UUID.randomUUID().toString();
        Response reset = delete(PATH + "1.001612", ADMIN_KEY, "X-Correlation-Id", correlationId);
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().path("origin").asText()).isEqualTo("shipped");
        assertThat(auditEvent(correlationId).path("action").asText()).isEqualTo("procedure.delete");
        assertThat(prefill("1.001612").json().path("parts").path("citizens").path("data").has("gender")).isTrue();
        // nothing stored: the shipped entry, unchanged
        assertThat(delete(PATH + "1.001612", ADMIN_KEY).json().path("origin").asText()).isEqualTo("shipped");

        put(PATH + "1.000046", NAME_ONLY, ADMIN_KEY);
        Response removed = delete(PATH + "1.000046", ADMIN_KEY);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("origin").asText()).isEqualTo("removed");
        assertThat(removed.json().path("version").asInt()).isEqualTo(1);
        assertProblem(get(PATH + "1.000046", ADMIN_KEY), 404, "client.not_found");
        assertProblem(delete(PATH + "1.000046", ADMIN_KEY), 404, "client.not_found");
        assertProblem(prefill("1.000046"), 404, "client.not_found");
    }

    @Test
    void onlyAdministratorsReadOrChangeIt() {
        assertProblem(get("/api/v1/admin/procedures", null), 401, "client.unauthenticated");
        assertProblem(get("/api/v1/admin/procedures", PROVINCIAL_KEY), 403, "client.forbidden");
        assertProblem(put(PATH + "1.000046", NAME_ONLY, AUDITOR_KEY), 403, "client.forbidden");
        assertProblem(delete(PATH + "1.001612", PROVINCIAL_KEY), 403, "client.forbidden");
    }

    /** What another hub instance on the same database stores, without this instance knowing yet. */
    private void storedElsewhere(String code) {
        jdbc.update("INSERT INTO procedure_catalogue (code, name, sources, version, updated_at, updated_by) "
                + "VALUES (?, NULL, ?, 1, ?, 'hub-admin')", code,
                "{\"citizens\": {\"subject\": \"personalId\", \"fields\": [\"fullName\"]}}",
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    @Test
    void aChangeAnnouncedByAnotherInstanceIsUsed() {
        storedElsewhere("1.000048");
        assertThat(procedures.find("1.000048")).isEmpty();

        jms.execute(session -> {
            TextMessage message = session.createTextMessage("1.000048");
            message.setStringProperty(Procedures.CODE_HEADER, "1.000048");
            message.setLongProperty(Procedures.VERSION_HEADER, 1);
            MessageProducer publisher = session.createProducer(session.createTopic(properties.topic()));
            try {
                publisher.send(message);
            } finally {
                publisher.close();
            }
            return null;
        }, true);

        await().atMost(Duration.ofSeconds(10)).until(() -> procedures.find("1.000048").isPresent());
        assertThat(prefill("1.000048").json().path("parts").path("citizens").path("data").fieldNames())
                .toIterable().containsExactly("fullName");
    }

    @Test
    void aMissedAnnouncementIsCaughtByTheResync() {
        storedElsewhere("1.000049");
        procedures.refreshChanged();
        assertThat(procedures.find("1.000049")).isPresent();

        jdbc.update("DELETE FROM procedure_catalogue");
        procedures.refreshChanged();
        assertThat(procedures.find("1.000049")).isEmpty();
        assertThat(procedures.find("1.001612")).isPresent();
    }
}
