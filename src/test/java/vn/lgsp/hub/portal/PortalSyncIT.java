package vn.lgsp.hub.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.support.HubIT;

/** Issue: dossier sync to the National Public Service Portal through Artemis (docs/api.md §4, docs/design.md flow 2). */
class PortalSyncIT extends HubIT {

    private static final String PORTAL = "/dvcqg/api/v1/dongbohoso";


    @Autowired
    PortalProperties portal;

    @Autowired
    vn.lgsp.hub.common.DataProtection protection;

    private Response put(String dossierId, String receivedAt, boolean reused) {
        return putDossier(dossierId, """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "%s",
                 "channel": "ONLINE", "status": "RECEIVED",
                 "applicant": {"idType": "PERSONAL_ID", "idNumber": "074085000123"},
                 "components": [{"code": "TP1", "name": "Tờ khai", "digitized": true, "reused": %s}]}
                """.formatted(receivedAt, reused), PROVINCIAL_KEY);
    }

    private JsonNode dossier(String id) {
        return get("/api/v1/dossiers/" + id, PROVINCIAL_KEY).json();
    }

    private List<JsonNode> portalReceived(String dossierId) {
        List<JsonNode> sent = new ArrayList<>();
        for (LoggedRequest r : MOCKS.findAll(postRequestedFor(urlPathEqualTo(PORTAL))
                .withRequestBody(matchingJsonPath("$.MaHoSo", com.github.tomakehurst.wiremock.client.WireMock.equalTo(dossierId))))) {
            try {
                sent.add(JSON.readTree(r.getBodyAsString()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return sent;
    }

    private static String newId(String prefix) {
        return prefix + System.nanoTime();
    }

    @Test
    void aRegisteredDossierIsSyncedInThePortalsFormatWithTheDatabasesConsulted() {
        String id = newId("SYNC-");
        get("/api/v1/citizens/074085000123", PROVINCIAL_KEY, "X-Dossier-Id", id, "X-Procedure-Code", "1.001612");

        assertThat(put(id, "2026-11-20T08:15:00+07:00", true).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        JsonNode d = dossier(id);
        assertThat(d.path("syncAttempts").asInt()).isEqualTo(1);
        assertThat(d.path("lastSyncedAt").asText()).isNotEmpty();
        List<JsonNode> sent = portalReceived(id);
        assertThat(sent).hasSize(1);
        JsonNode p = sent.get(0);
        assertThat(p.path("MaTTHC").asText()).isEqualTo("1.001612");
        assertThat(p.path("KenhThucHien").asInt()).isEqualTo(2);
        assertThat(p.path("PhienBan").asInt()).isEqualTo(1);
        assertThat(p.path("NgayTiepNhan").asText()).isEqualTo("20261120081500");
        assertThat(p.path("HoSoCoThanhPhanSoHoa").asInt()).isEqualTo(1);
        assertThat(p.path("DinhDanhCHS").get(0).path("SoDinhDanh").asText()).isEqualTo("074085000123");
        assertThat(p.path("DSKetNoiCSDL").findValuesAsText("MaCSDL")).containsExactly("CSDLQGDC");
        assertThat(p.path("TaiLieuNop").get(0).path("DuocTaiSuDung").asInt()).isEqualTo(1);
    }

    @Test
    void everyVersionReachesThePortalOnceAndInOrder() {
        String id = newId("SYNC-ORDER-");
        put(id, "2026-11-20T08:15:00+07:00", false);
        dossierEvent(id, "PROCESSING", "2026-11-20T09:00:00+07:00");
        dossierEvent(id, "SUPPLEMENT_REQUESTED", "2026-11-20T10:00:00+07:00");
        dossierEvent(id, "RESOLVED", "2026-11-21T10:00:00+07:00");

        await().atMost(Duration.ofSeconds(10)).until(() -> portalReceived(id).stream()
                .anyMatch(p -> p.path("PhienBan").asInt() == 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        List<Integer> versions = portalReceived(id).stream().map(p -> p.path("PhienBan").asInt()).toList();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(versions).last().isEqualTo(4);
        assertThat(portalReceived(id).get(versions.size() - 1).path("TrangThaiHoSo").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void underConcurrentConsumersEachDossiersVersionsArriveInOrder() {
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = newId("SYNC-CONC-" + i + "-");
            ids.add(id);
            writers.add(CompletableFuture.runAsync(() -> {
                put(id, "2026-11-20T08:15:00+07:00", false);
                for (int e = 1; e <= 5; e++) {
                    dossierEvent(id, "PROCESSING", String.format("2026-11-20T%02d:30:00+07:00", 8 + e));
                }
            }));
        }
        writers.forEach(CompletableFuture::join);

        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                .allMatch(id -> "SYNCED".equals(dossier(id).path("syncState").asText())));
        for (String id : ids) {
            List<Integer> versions = portalReceived(id).stream().map(p -> p.path("PhienBan").asInt()).toList();
            assertThat(versions).as(id).isSorted().doesNotHaveDuplicates().endsWith(6);
        }
    }

    @Test
    void aFailingDeliveryIsRetriedThenSucceeds() {
        String id = newId("SYNC-RETRY-");
        MOCKS.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0).inScenario("portal-flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.MaHoSo", com.github.tomakehurst.wiremock.client.WireMock.equalTo(id)))
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));

        put(id, "2026-11-20T08:15:00+07:00", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        assertThat(dossier(id).path("syncAttempts").asInt()).isEqualTo(2);
        assertThat(portalReceived(id)).hasSize(2);
    }

    @Test
    void aDossierThePortalAlwaysRejectsEndsFailedInTheDeadLetterQueue() {
        String id = newId("FAIL-");

        put(id, "2026-11-20T08:15:00+07:00", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(dossier(id).path("syncState").asText()));
        JsonNode d = dossier(id);
        assertThat(d.path("syncAttempts").asInt()).isEqualTo(portal.maxAttempts());
        assertThat(d.path("lastSyncError").asText()).isEqualTo("The portal answered HTTP 500");
        assertThat(portalReceived(id)).hasSize(portal.maxAttempts());
        Map<String, Object> dead = deadLetter(portal.deadLetterQueue(), PortalSync.DOSSIER_ID, id);
        assertThat(dead).containsEntry(DeadLetterHeaders.REASON, "The portal answered HTTP 500")
                .containsEntry(DeadLetterHeaders.ORIGINAL_QUEUE, portal.queue())
                .containsEntry(DeadLetterHeaders.ATTEMPTS, portal.maxAttempts());
        assertThat((String) dead.get(DeadLetterHeaders.ID)).matches("[0-9a-f-]{36}");
    }

    @Test
    void theBacklogDrainsInOrderWhenThePortalComesBack() {
        MOCKS.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0).willReturn(aResponse().withStatus(503)));
        String id = newId("SYNC-DOWN-");
        put(id, "2026-11-20T08:15:00+07:00", false);
        dossierEvent(id, "PROCESSING", "2026-11-20T09:00:00+07:00");
        await().atMost(Duration.ofSeconds(5)).until(() -> !portalReceived(id).isEmpty());

        MOCKS.resetToDefaultMappings();

        await().atMost(Duration.ofSeconds(15)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        List<Integer> delivered = new ArrayList<>();
        List<JsonNode> all = portalReceived(id);
        // the last delivery is the latest version; nothing older came after a newer one
        all.forEach(p -> delivered.add(p.path("PhienBan").asInt()));
        assertThat(delivered).isSorted();
        assertThat(delivered).last().isEqualTo(2);
    }

    @Test
    void aVersionCommittedButNeverQueuedIsQueuedByTheSweeper() {
        String id = newId("SYNC-SWEEP-");
        put(id, "2026-11-20T08:15:00+07:00", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        // as if the hub had stopped between committing version 2 and queueing it
        jdbc.update("UPDATE dossier SET version = 2, sync_state = 'PENDING' WHERE dossier_id = ?", id);
        byte[] v1 = jdbc.queryForObject("SELECT snapshot FROM dossier_sync WHERE dossier_id = ? AND version = 1",
                byte[].class, id);
        String v2 = new String(protection.decrypt(v1, "dossier_sync:" + id + ":1"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"version\":1", "\"version\":2");
        jdbc.update("INSERT INTO dossier_sync (dossier_id, version, snapshot, state, created_at) VALUES (?, 2, ?, 'QUEUED', ?)",
                id, protection.encrypt(v2.getBytes(java.nio.charset.StandardCharsets.UTF_8), "dossier_sync:" + id + ":2"),
                java.time.OffsetDateTime.now().minusMinutes(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        assertThat(portalReceived(id).stream().map(p -> p.path("PhienBan").asInt())).containsExactly(1, 2);
    }

}
