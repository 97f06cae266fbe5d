package vn.lgsp.hub.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.delivery.Parcel;
import vn.lgsp.hub.support.HubIT;

/** Issue: dossier sync to the National Public Service Portal through Artemis (docs/api.md §4, docs/design.md flow 2). */
class PortalSyncIT extends HubIT {

    private static final String PORTAL = "/dvcqg/api/v1/dongbohoso";
    private static final String LOGIN = "/dvcqg/api/v1/login";
    private static final String SESSION_EXPIRED = "{\"error_code\":\"-2\",\"message\":\"Phiên làm việc đã hết hạn\"}";


    @Autowired
    PortalProperties portal;

    @Autowired
    PortalSession portalSession;

    @Autowired
    PortalDelivery delivery;

    @Autowired
    PortalSync sync;

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

    /** The dossier envelopes (DongBoHoSoMC) the portal received for this dossier, oldest first. */
    private List<JsonNode> portalReceived(String dossierId) {
        return received(dossierId, "DongBoHoSoMC");
    }

    /** The envelopes of one service the portal received for this dossier, oldest first. */
    private List<JsonNode> received(String dossierId, String service) {
        List<JsonNode> sent = new ArrayList<>();
        for (LoggedRequest r : calls(dossierId, service)) {
            try {
                sent.add(JSON.readTree(r.getBodyAsString()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return sent;
    }

    /** The versions the calls for this dossier carried (the hub's X-Hub-Dossier-Version header), oldest first. */
    private List<Integer> versionsSent(String dossierId) {
        return calls(dossierId, "DongBoHoSoMC").stream()
                .map(r -> Integer.parseInt(r.getHeader(PortalSync.VERSION_HEADER))).toList();
    }

    private List<LoggedRequest> calls(String dossierId, String service) {
        return MOCKS.findAll(postRequestedFor(urlPathEqualTo(PORTAL))
                .withRequestBody(matchingJsonPath("$.service", com.github.tomakehurst.wiremock.client.WireMock.equalTo(service)))
                .withRequestBody(matchingJsonPath("$.data[0].MaHoSo", com.github.tomakehurst.wiremock.client.WireMock.equalTo(dossierId))));
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode dossierIn(JsonNode envelope) {
        return envelope.path("data").get(0);
    }

    private static String newId(String prefix) {
        return prefix + System.nanoTime();
    }

    /**
     * The cluster's queueing guarantees, on one instance: a version is queued once, whoever sends it, and never
     * before an earlier version of its dossier (docs/design.md "Outbound delivery").
     */
    @Test
    void aVersionIsQueuedOnceAndNeverBeforeTheEarlierVersionsOfItsDossier() {
        String id = newId("CLAIM-");
        assertThat(put(id, "2026-11-20T08:15:00+07:00", false).status()).isEqualTo(202);
        assertThat(dossierEvent(id, "PROCESSING", "2026-11-20T09:00:00+07:00").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText())
                && dossier(id).path("version").asInt() == 2);
        // both versions as a crash between their commit and their send leaves them: committed, never queued
        jdbc.update("UPDATE dossier_sync SET enqueued_at = NULL WHERE dossier_id = ?", id);
        List<Parcel> unqueued = sync.unqueued(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1), 100_000).stream()
                .filter(p -> id.equals(p.group())).toList();
        assertThat(unqueued).hasSize(2);
        Parcel first = unqueued.get(0).integer(PortalSync.VERSION) == 1 ? unqueued.get(0) : unqueued.get(1);
        Parcel second = first == unqueued.get(0) ? unqueued.get(1) : unqueued.get(0);

        assertThat(delivery.send(List.of(second))).as("version 2 while version 1 is not queued").isZero();
        assertThat(delivery.send(List.of(second, first))).as("both, version 1 first").isEqualTo(2);
        assertThat(delivery.send(List.of(first, second))).as("queued already: not again").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dossier_sync WHERE dossier_id = ? AND enqueued_at IS NULL",
                Integer.class, id)).isZero();
        // the portal has both: the messages sent again are skipped, nothing reaches it a second time
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> versionsSent(id).equals(List.of(1, 2)));
    }

    @Test
    void aRegisteredDossierIsSyncedInThePortalsEnvelopeWithTheDatabasesConsulted() {
        String id = newId("SYNC-");
        get("/api/v1/citizens/074085000123", PROVINCIAL_KEY, "X-Dossier-Id", id, "X-Procedure-Code", "1.001612");

        assertThat(put(id, "2026-11-20T08:15:00+07:00", true).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        JsonNode d = dossier(id);
        assertThat(d.path("syncAttempts").asInt()).isEqualTo(1);
        assertThat(d.path("lastSyncedAt").asText()).isNotEmpty();
        List<JsonNode> sent = portalReceived(id);
        assertThat(sent).hasSize(1);
        JsonNode envelope = sent.get(0);
        assertThat(envelope.path("session").asText()).isEqualTo("dev-portal-session");
        assertThat(envelope.path("madonvi").asText()).isEqualTo("000.00.12.H12");
        assertThat(envelope.path("service").asText()).isEqualTo("DongBoHoSoMC");
        assertThat(envelope.path("isUpdating").asText()).isEqualTo("False");
        assertThat(envelope.path("data")).hasSize(1);
        JsonNode p = dossierIn(envelope);
        assertThat(p.path("MaHoSo").asText()).isEqualTo(id);
        assertThat(p.path("MaTTHC").asText()).isEqualTo("1.001612");
        assertThat(p.path("KenhThucHien").textValue()).isEqualTo("2");
        assertThat(p.path("TrangThaiHoSo").textValue()).isEqualTo("2");
        assertThat(p.path("NgayTiepNhan").textValue()).isEqualTo("20261120081500");
        assertThat(p.path("HoSoCoThanhPhanSoHoa").textValue()).isEqualTo("1");
        assertThat(p.path("SoGiayToChuHoSo").textValue()).isEqualTo("074085000123");
        assertThat(p.path("DinhDanhCHS").get(0).path("LoaiDinhDanh").textValue()).isEqualTo("1");
        assertThat(p.path("DinhDanhCHS").get(0).path("SoDinhDanh").textValue()).isEqualTo("074085000123");
        assertThat(p.path("DSKetNoiCSDL").findValuesAsText("MaCSDL")).containsExactly("CSDLQGDC");
        JsonNode component = p.path("TaiLieuNop").get(0);
        assertThat(component.path("MaThanhPhanHoSo").textValue()).isEqualTo("TP1");
        assertThat(component.path("TenTepDinhKem").textValue()).isEqualTo("Tờ khai");
        assertThat(component.path("DuocSoHoa").textValue()).isEqualTo("1");
        assertThat(component.path("DuocTaiSuDung").textValue()).isEqualTo("1");
        assertThat(component.path("DuocLayTuKhoDMQG").textValue()).isEqualTo("0");
        // what neither public integration sends
        assertThat(p.has("PhienBan") || p.has("MaCoQuan") || p.has("NgayCapNhatTrangThai")).isFalse();
        assertThat(versionsSent(id)).containsExactly(1);
    }

    @Test
    void whatTheDossierSaysOfItsProcedureApplicantAndFilesReachesThePortal() {
        String id = newId("SYNC-FULL-");
        putDossier(id, vn.lgsp.hub.support.DossierFixtures.portalReady("2026-11-20T08:15:00+07:00", "079190004567"),
                PROVINCIAL_KEY);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        JsonNode p = dossierIn(portalReceived(id).get(0));
        assertThat(p.path("TenTTHC").textValue()).isEqualTo("Đăng ký khai sinh");
        assertThat(p.path("MaLinhVuc").textValue()).isEqualTo("G09-TP07");
        assertThat(p.path("TenLinhVuc").textValue()).isEqualTo("Hộ tịch");
        assertThat(p.path("ChuHoSo").textValue()).isEqualTo("Nguyễn Văn An");
        assertThat(p.path("LoaiDoiTuong").textValue()).isEqualTo("1");
        assertThat(p.path("Email").textValue()).isEqualTo("an.nguyen@example.vn");
        assertThat(p.path("SoDienThoai").textValue()).isEqualTo("0912 345 678");
        assertThat(p.path("TrichYeuHoSo").textValue()).isEqualTo("Đăng ký khai sinh cho con");
        assertThat(p.path("NgayHenTra").textValue()).isEqualTo("20261125170000");
        assertThat(p.path("HinhThuc").textValue()).isEqualTo("1");
        assertThat(p.path("DonViXuLy").textValue()).isEqualTo("UBND xã Tân Định");
        assertThat(p.path("TaiLieuNop").get(0).path("DuongDanTaiTepTin").textValue())
                .isEqualTo("https://dvc.example.gov.vn/files/tp1.pdf");
    }

    @Test
    void eachStatusEventReachesThePortalAsTheDossiersProgressAfterItsUpdate() {
        String id = newId("SYNC-PROGRESS-");
        putDossier(id, vn.lgsp.hub.support.DossierFixtures.portalReady("2026-11-20T08:15:00+07:00", "079190004567"),
                PROVINCIAL_KEY);
        Response event = dossierEvent(id, """
                {"status": "SUPPLEMENT_REQUESTED", "at": "2026-11-21T09:30:00+07:00",
                 "officer": "Trần Thị Bình", "note": "Bổ sung bản sao giấy chứng sinh"}""");
        assertThat(event.status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> !received(id, "CapNhatTienDoHoSoMC").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        List<JsonNode> progress = received(id, "CapNhatTienDoHoSoMC");
        assertThat(progress).hasSize(1);
        JsonNode envelope = progress.get(0);
        assertThat(envelope.path("session").asText()).isEqualTo("dev-portal-session");
        assertThat(envelope.path("madonvi").asText()).isEqualTo("000.00.12.H12");
        assertThat(envelope.has("isUpdating")).isFalse();
        JsonNode item = dossierIn(envelope);
        assertThat(item.path("MaHoSo").asText()).isEqualTo(id);
        assertThat(item.path("NguoiXuLy").textValue()).isEqualTo("Trần Thị Bình");
        assertThat(item.path("ThoiDiemXuLy").textValue()).isEqualTo("20261121093000");
        assertThat(item.path("NoiDungXuLy").textValue()).isEqualTo("Bổ sung bản sao giấy chứng sinh");
        assertThat(item.path("TrangThai").textValue()).isEqualTo("5");
        assertThat(item.path("NgayKetThucTheoQuyDinh").textValue()).isEqualTo("20261125170000");
        assertThat(item.path("ChucDanh").textValue()).isEmpty();
        // the version a PUT made has no progress; the event's version is an update, then its progress
        assertThat(portalReceived(id).stream().map(e -> e.path("isUpdating").asText())).containsExactly("False", "True");
    }

    @Test
    void anEventWithAnOfficerOrNoteTooLongIs400NamingIt() {
        String id = newId("SYNC-EVENT-");
        put(id, "2026-11-20T08:15:00+07:00", false);

        Response response = dossierEvent(id, """
                {"status": "PROCESSING", "at": "2026-11-21T09:30:00+07:00", "officer": "%s", "note": " "}"""
                .formatted("x".repeat(51)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactly("officer", "note");
    }

    @Test
    void theHubLogsInWithItsAccountAndTheDstcodeHeader() {
        // the hub holds a session, which the portal then no longer knows: it must log in again
        portalSession.current();
        MOCKS.resetRequests();
        MOCKS.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0).inScenario("expired-once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(SESSION_EXPIRED)).willSetStateTo("renewed"));
        String id = newId("SYNC-LOGIN-");

        put(id, "2026-11-20T08:15:00+07:00", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        List<LoggedRequest> logins = MOCKS.findAll(postRequestedFor(urlPathEqualTo(LOGIN)));
        assertThat(logins).hasSize(1);
        assertThat(logins.get(0).getHeader("dstcode")).isEqualTo("dev-dstcode");
        JsonNode credentials = readJson(logins.get(0).getBodyAsString());
        assertThat(credentials.path("username").asText()).isEqualTo("dev-portal-user");
        assertThat(credentials.path("password").asText()).isEqualTo("dev-portal-password");
        assertThat(MOCKS.findAll(postRequestedFor(urlPathEqualTo(PORTAL))).get(0).getHeader("dstcode"))
                .isEqualTo("dev-dstcode");
        // the same attempt: sent with the old session, then with the new one
        assertThat(dossier(id).path("syncAttempts").asInt()).isEqualTo(1);
        assertThat(portalReceived(id)).hasSize(2);
        assertThat(portalReceived(id).get(1).path("session").asText()).isEqualTo("dev-portal-session");
    }

    @Test
    void aSessionRefusedAgainAfterANewLoginIsRetriedLikeAnOutage() {
        MOCKS.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0).willReturn(okJson(SESSION_EXPIRED)));
        String id = newId("SYNC-NOSESSION-");

        put(id, "2026-11-20T08:15:00+07:00", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(dossier(id).path("syncState").asText()));
        assertThat(dossier(id).path("syncAttempts").asInt()).isEqualTo(portal.maxAttempts());
        assertThat(dossier(id).path("lastSyncError").asText()).isEqualTo("The portal refused a new session (error_code -2)");
    }

    @Test
    void aRefusedLoginIsRetriedThenDeadLettered() {
        MOCKS.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0).willReturn(okJson(SESSION_EXPIRED)));
        MOCKS.stubFor(post(urlPathEqualTo(LOGIN)).atPriority(0)
                .willReturn(okJson("{\"error_code\":\"-1\",\"message\":\"Tên đăng nhập hoặc mật khẩu không đúng\"}")));
        String id = newId("SYNC-BADLOGIN-");

        put(id, "2026-11-20T08:15:00+07:00", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(dossier(id).path("syncState").asText()));
        String reason = "The portal refused the hub's login (error_code -1)";
        assertThat(dossier(id).path("lastSyncError").asText()).isEqualTo(reason);
        assertThat(deadLetter(portal.deadLetterQueue(), PortalSync.DOSSIER_ID, id))
                .containsEntry(DeadLetterHeaders.REASON, reason)
                .containsEntry(DeadLetterHeaders.ATTEMPTS, portal.maxAttempts());
    }

    @Test
    void aDossierThePortalRefusesInA200IsDeadLetteredAtOnceWithThePortalsMessage() {
        String id = newId("REFUSE-");

        put(id, "2026-11-20T08:15:00+07:00", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(dossier(id).path("syncState").asText()));
        JsonNode d = dossier(id);
        assertThat(d.path("syncAttempts").asInt()).isEqualTo(1);
        assertThat(d.path("lastSyncError").asText()).isEqualTo(
                "The portal refused the dossier (error_code -1): Hồ sơ không hợp lệ: thiếu thông tin bắt buộc");
        assertThat(portalReceived(id)).hasSize(1);
        // the dead letter and the log name the code, not the portal's words (they may quote the dossier)
        assertThat(deadLetter(portal.deadLetterQueue(), PortalSync.DOSSIER_ID, id))
                .containsEntry(DeadLetterHeaders.REASON, "The portal refused the dossier (error_code -1)")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, 1);
    }

    @Test
    void aDossierThePortalAlreadyHasIsSentAgainAsTheUpdate() {
        String id = newId("EXISTS-");

        put(id, "2026-11-20T08:15:00+07:00", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        assertThat(portalReceived(id).stream().map(e -> e.path("isUpdating").asText())).containsExactly("False", "True");
        assertThat(dossier(id).path("syncAttempts").asInt()).isEqualTo(1);
    }

    @Test
    void anAnswerWithoutAnErrorCodeIsRetried() {
        String id = newId("SYNC-NOCODE-");
        MOCKS.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0).inScenario("portal-garbled")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("<html>gateway</html>")).willSetStateTo("fixed"));

        put(id, "2026-11-20T08:15:00+07:00", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        assertThat(dossier(id).path("syncAttempts").asInt()).isEqualTo(2);
    }

    @Test
    void everyVersionReachesThePortalOnceAndInOrder() {
        String id = newId("SYNC-ORDER-");
        put(id, "2026-11-20T08:15:00+07:00", false);
        dossierEvent(id, "PROCESSING", "2026-11-20T09:00:00+07:00");
        dossierEvent(id, "SUPPLEMENT_REQUESTED", "2026-11-20T10:00:00+07:00");
        dossierEvent(id, "RESOLVED", "2026-11-21T10:00:00+07:00");

        await().atMost(Duration.ofSeconds(10)).until(() -> versionsSent(id).contains(4));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        List<Integer> versions = versionsSent(id);
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(versions).last().isEqualTo(4);
        List<JsonNode> sent = portalReceived(id);
        // the first version a create, every later one an update
        assertThat(sent.get(0).path("isUpdating").asText()).isEqualTo("False");
        assertThat(sent.subList(1, sent.size())).allMatch(e -> "True".equals(e.path("isUpdating").asText()));
        JsonNode last = dossierIn(sent.get(sent.size() - 1));
        assertThat(last.path("TrangThaiHoSo").asText()).isEqualTo("9");
        assertThat(last.path("NgayKetThucXuLy").asText()).isEqualTo("20261121100000");
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
            assertThat(versionsSent(id)).as(id).isSorted().doesNotHaveDuplicates().endsWith(6);
        }
    }

    @Test
    void aFailingDeliveryIsRetriedThenSucceeds() {
        String id = newId("SYNC-RETRY-");
        MOCKS.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0).inScenario("portal-flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.data[0].MaHoSo", com.github.tomakehurst.wiremock.client.WireMock.equalTo(id)))
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
        // the last delivery is the latest version; nothing older came after a newer one
        List<Integer> delivered = versionsSent(id);
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
        String v2 = new String(protection.decrypt(v1, 1, "dossier_sync:" + id + ":1"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"version\":1", "\"version\":2");
        jdbc.update("INSERT INTO dossier_sync (dossier_id, version, snapshot, state, created_at) VALUES (?, 2, ?, 'QUEUED', ?)",
                id, protection.encrypt(v2.getBytes(java.nio.charset.StandardCharsets.UTF_8), "dossier_sync:" + id + ":2")
                        .ciphertext(),
                java.time.OffsetDateTime.now().minusMinutes(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        assertThat(versionsSent(id)).containsExactly(1, 2);
    }

}
