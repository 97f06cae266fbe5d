package vn.lgsp.hub.criminalrecords;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.gateway.GatewayRequest;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.security.Role;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §3: criminal-record certificate requests, against the criminal-records fixtures of
 * {@code mock-endpoints/} (docs/national-systems.md §6.2): the envelope submitted through Artemis,
 * the status polled by dossier, settled, dead-lettered, the ledger, the certificate's PDF, ownership.
 * The mock's answers depend on the dossier id (maHoSoMCDT): {@code LLTP-ISSUED-}, {@code LLTP-RECORD-},
 * {@code LLTP-RETURNED-}, {@code LLTP-REJECTED-}, … (mock-endpoints/README.md).
 */
@ExtendWith(OutputCaptureExtension.class)
class CriminalRecordRequestIT extends HubIT {

    private static final String PATH = "/api/v1/criminal-record-requests";
    private static final String SUBMIT = "/lltp/api/v1/tiepnhanhoso";
    private static final String STATUS = "/lltp/api/v1/nhantrangthai";
    private static final Duration SETTLED = Duration.ofSeconds(15);
    private static final DateTimeFormatter VIETNAMESE_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    @Autowired
    private EmbeddedActiveMQ broker;

    @Autowired
    CriminalRecordProperties properties;

    @Autowired
    CriminalRecordRequests requests;

    // --- helpers -------------------------------------------------------------------------------

    static String body(String personalId, Object certificateType, String purpose, String fullName, String dateOfBirth) {
        return """
                {"personalId": %s, "certificateType": %s, "purpose": %s,
                 "applicant": {"fullName": %s, "dateOfBirth": %s}}
                """.formatted(quoted(personalId), certificateType, quoted(purpose), quoted(fullName), quoted(dateOfBirth));
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /** The minimal request with {@code fields} added to the body and {@code applicant} to the applicant. */
    private static String withFields(String fields, String applicant) {
        return """
                {"personalId": "079190004567", "certificateType": 2, "purpose": "Bổ sung hồ sơ xin việc"%s,
                 "applicant": {"fullName": "Trần Thị Bình", "dateOfBirth": "1990-07-22"%s}}
                """.formatted(fields.isEmpty() ? "" : ", " + fields, applicant.isEmpty() ? "" : ", " + applicant);
    }

    private Response post(String body, String key, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(PATH)).header("X-API-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private Response postFor(String dossierId, String body, String correlationId) {
        return post(body, PROVINCIAL_KEY, "X-Dossier-Id", dossierId, "X-Procedure-Code", "2.000488",
                "X-Officer-Id", "CB-007", "X-Agency-Code", "000.00.12.H12", "X-Correlation-Id", correlationId);
    }

    /** A valid minimal request by the provincial system for a dossier; returns the 202's request id. */
    private String create(String personalId, int certificateType, String fullName, String dateOfBirth, String dossierId,
                          String correlationId) {
        Response accepted = postFor(dossierId, body(personalId, certificateType, "Bổ sung hồ sơ xin việc", fullName,
                dateOfBirth), correlationId);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("requestId").asText();
    }

    private String create(String dossierId) {
        return create("074085000123", 1, "Nguyễn Văn An", "1985-03-14", dossierId, newId("cr-"));
    }

    private Response read(String requestId, String key) {
        return get(PATH + "/" + requestId, key);
    }

    private Response pdf(String requestId, String key) {
        return get(PATH + "/" + requestId + "/certificate", key);
    }

    private JsonNode awaitStatus(String requestId, String status) {
        await().atMost(SETTLED).until(() -> status.equals(read(requestId, PROVINCIAL_KEY).json().path("status").asText()));
        return read(requestId, PROVINCIAL_KEY).json();
    }

    private int polls(String requestId) {
        return ((Number) row(requestId).get("polls")).intValue();
    }

    private Map<String, Object> row(String requestId) {
        return jdbc.queryForMap("SELECT * FROM criminal_record_request WHERE request_id = ?", UUID.fromString(requestId));
    }

    private OffsetDateTime instant(String column, String requestId) {
        return jdbc.queryForObject("SELECT " + column + " FROM criminal_record_request WHERE request_id = ?",
                OffsetDateTime.class, UUID.fromString(requestId));
    }

    /** As if the deadline had passed: the request is FAILED at its next poll, and polled no more. */
    private void expire(String requestId) {
        jdbc.update("UPDATE criminal_record_request SET deadline_at = ? WHERE request_id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), UUID.fromString(requestId));
        awaitStatus(requestId, "FAILED");
    }

    private List<Map<String, Object>> ledger(String correlationId) {
        return ledgerTables().queryForList("SELECT * FROM lookup_ledger WHERE correlation_id = ? ORDER BY id", correlationId);
    }

    private List<LoggedRequest> submissions(String dossierId) {
        return MOCKS.findAll(postRequestedFor(urlPathEqualTo(SUBMIT))
                .withRequestBody(matchingJsonPath("$.maHoSoMCDT", equalTo(dossierId))));
    }

    private List<LoggedRequest> statusPolls(String dossierId) {
        return MOCKS.findAll(postRequestedFor(urlPathEqualTo(STATUS))
                .withRequestBody(matchingJsonPath("$.maHoSoMCDT", equalTo(dossierId))));
    }

    private static String newId(String prefix) {
        return prefix + System.nanoTime();
    }

    private static String processing(String dossierId) {
        return "{\"status\":1,\"statusDescription\":\"Thành công\",\"value\":[{\"maHoSoMCDT\":\"" + dossierId
                + "\",\"trangThaiXuLy\":\"4\",\"ketQuaXuLy\":null}]}";
    }

    /** Every value of the envelope, at any depth, is a string (arrays hold objects of strings). */
    private static void allStrings(String path, JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                allStrings(path + "." + e.getKey(), e.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                allStrings(path + "[" + i + "]", node.get(i));
            }
        } else {
            assertThat(node.isTextual()).as("%s is a string", path).isTrue();
        }
    }

    private static String fixturePdf() throws Exception {
        JsonNode issued = JSON.readTree(Files.readString(Path.of("mock-endpoints/__files/criminal-records/status-issued.json")
                .toAbsolutePath()).replace("{{jsonPath request.body '$.maHoSoMCDT'}}", "x"));
        return new String(Base64.getDecoder().decode(issued.path("value").get(0).path("ketQuaXuLy").path("phieuLLTP")
                .asText()), StandardCharsets.ISO_8859_1);
    }

    // --- the flow ------------------------------------------------------------------------------

    @Test
    void aMinimalRequestIsSubmittedInTheServicesEnvelopeThenIssuedWithItsPdf() throws Exception {
        String dossier = newId("LLTP-ISSUED-");
        String correlation = newId("cr-happy-");
        // the service keeps processing until the test lets it issue the certificate
        StubMapping processing = MOCKS.stubFor(WireMock.post(urlPathEqualTo(STATUS)).atPriority(0)
                .withRequestBody(matchingJsonPath("$.maHoSoMCDT", equalTo(dossier)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(processing(dossier))));

        Response accepted = postFor(dossier, body("074085000123", 1, "Bổ sung hồ sơ xin việc", "Nguyễn Văn An",
                "1985-03-14"), correlation);

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("requestId").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(accepted.header("Location")).isEqualTo(PATH + "/" + id);
        assertThat(accepted.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(accepted.json().size()).isEqualTo(2);
        JsonNode pending = read(id, PROVINCIAL_KEY).json();
        assertThat(pending.path("status").asText()).isEqualTo("PENDING");
        assertThat(pending.path("certificateType").asInt()).isEqualTo(1);
        assertThat(pending.path("createdAt").asText()).endsWith("+07:00");
        assertThat(pending.path("certificate").isNull()).isTrue();
        assertThat(pending.path("certificatePdf").isNull()).isTrue();
        assertThat(pending.path("reason").isNull()).isTrue();
        Response noPdfYet = pdf(id, PROVINCIAL_KEY);
        assertThat(noPdfYet.status()).isEqualTo(404);
        assertThat(noPdfYet.header("Content-Type")).startsWith("application/problem+json");
        assertThat(noPdfYet.json().path("code").asText()).isEqualTo("client.not_found");

        // submitted once, in the service's envelope, then polled by dossier (still processing) with a backoff
        await().atMost(SETTLED).until(() -> polls(id) >= 2);
        assertThat(read(id, PROVINCIAL_KEY).json().path("status").asText()).isEqualTo("PENDING");
        List<LoggedRequest> sent = submissions(dossier);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("X-Correlation-Id")).isEqualTo(correlation);
        assertThat(sent.get(0).getHeader("Content-Type")).startsWith("application/json");
        JsonNode envelope = JSON.readTree(sent.get(0).getBodyAsString());
        allStrings("$", envelope);
        assertThat(envelope.path("authKey").asText()).isEqualTo("dev-lltp-key");
        assertThat(envelope.path("maTinh").asText()).isEqualTo("74");
        assertThat(envelope.path("tenTinh").asText()).isEqualTo("Bình Dương");
        assertThat(envelope.path("maHoSoMCDT").asText()).isEqualTo(dossier);
        assertThat(envelope.path("nguonDangKy").asText()).isEqualTo("3");
        assertThat(envelope.path("tenNguonDangKy").asText()).isEqualTo(properties.counterChannelName());
        assertThat(envelope.path("ngayTiepNhan").asText()).isEqualTo(
                instant("created_at", id).atZoneSameInstant(BusinessTime.ZONE).format(VIETNAMESE_DATE));
        JsonNode toKhai = envelope.path("toKhai");
        assertThat(toKhai.path("ngayHenTra").asText()).isEqualTo(
                instant("deadline_at", id).atZoneSameInstant(BusinessTime.ZONE).format(VIETNAMESE_DATE));
        assertThat(toKhai.path("loaiPhieu").asText()).isEqualTo("1");
        assertThat(toKhai.path("nycSoGiayTo").asText()).isEqualTo("074085000123");
        assertThat(toKhai.path("nycHoTen").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(toKhai.path("nycNgaySinh").asText()).isEqualTo("14/03/1985");
        assertThat(toKhai.path("tenMucDich").asText()).isEqualTo("Bổ sung hồ sơ xin việc");
        assertThat(toKhai.path("soLuongCap").asText()).isEqualTo("1");
        assertThat(toKhai.path("yeuCauCDNCV").asText()).isEqualTo("0");
        assertThat(toKhai.path("nycQuocTich").asText()).isEqualTo("VN");
        assertThat(toKhai.path("fileHoSo").isArray()).isTrue();
        assertThat(toKhai.path("fileHoSo")).isEmpty();
        JsonNode question = JSON.readTree(statusPolls(dossier).get(0).getBodyAsString());
        assertThat(question.toString()).isEqualTo("{\"authKey\":\"dev-lltp-key\",\"maTinh\":\"74\",\"maHoSoMCDT\":\""
                + dossier + "\"}");

        MOCKS.removeStub(processing);
        JsonNode issued = awaitStatus(id, "ISSUED");

        JsonNode certificate = issued.path("certificate");
        assertThat(certificate.path("number").asText()).isEqualTo("000123/2026/LLTP1");
        assertThat(certificate.path("issuedAt").asText()).isEqualTo("2026-11-20");
        assertThat(certificate.path("hasCriminalRecord").asBoolean()).isFalse();
        assertThat(certificate.path("convictions").isArray()).isTrue();
        assertThat(certificate.path("convictions")).isEmpty();
        assertThat(certificate.path("certificateType").asText()).isEqualTo("1");
        assertThat(certificate.path("signedBy").asText()).isEqualTo("Nguyễn Văn Hùng");
        assertThat(certificate.path("signerTitle").asText()).isEqualTo("Phó Giám đốc Sở Tư pháp");
        assertThat(certificate.path("recordStatus").asText()).isEqualTo("Không có án tích");
        assertThat(issued.path("reason").isNull()).isTrue();
        assertThat(issued.path("completedAt").asText()).isNotEmpty();
        assertThat(issued.path("certificatePdf").asText()).isEqualTo(PATH + "/" + id + "/certificate");
        assertThat(((Number) row(id).get("attempts")).intValue()).isEqualTo(1);
        assertThat(submissions(dossier)).hasSize(1);

        Response file = get(issued.path("certificatePdf").asText(), PROVINCIAL_KEY);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).startsWith("application/pdf");
        assertThat(file.body()).startsWith("%PDF-").isEqualTo(fixturePdf());
        assertThat(pdf(id, ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void theOptionalFieldsFillTheDeclarationAndACertificateWithARecordCarriesItsConviction() throws Exception {
        String dossier = newId("LLTP-RECORD-");
        String body = withFields("""
                "purposeCode": "3", "copies": 2, "includeCivilJudgments": true, "channel": "ONLINE"
                """, """
                "gender": "FEMALE", "otherName": "Bình Trần", "nationality": "VN", "ethnicity": "01",
                "idDocument": {"type": "1", "issuedOn": "2021-04-10", "issuedBy": "Cục Cảnh sát QLHC về TTXH"},
                "phone": "+84912345678", "email": "binh.tran@example.vn",
                "permanentAddress": {"provinceCode": "79", "provinceName": "Thành phố Hồ Chí Minh", "districtCode": "760",
                  "districtName": "Quận 1", "wardCode": "26734", "wardName": "Phường Tân Định",
                  "detail": "Số 5 đường Trần Quang Khải"},
                "temporaryAddress": {"provinceCode": "74", "detail": "Số 12 đường Yersin"},
                "placeOfBirth": {"provinceCode": "79", "provinceName": "Thành phố Hồ Chí Minh"},
                "residences": [{"from": "2008-09", "to": "2012-06-30", "place": "Thủ Đức, Thành phố Hồ Chí Minh",
                  "occupation": "Sinh viên", "workplace": "Trường Đại học Khoa học Tự nhiên"}],
                "father": {"fullName": "Trần Văn Cường", "dateOfBirth": "1960"},
                "mother": {"fullName": "Lê Thị Dung", "dateOfBirth": "1962-03-08"},
                "spouse": {"fullName": "Hoàng Minh Đức"}
                """);

        Response accepted = postFor(dossier, body, newId("cr-full-"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("requestId").asText();
        JsonNode issued = awaitStatus(id, "ISSUED");

        JsonNode envelope = JSON.readTree(submissions(dossier).get(0).getBodyAsString());
        allStrings("$", envelope);
        assertThat(envelope.path("nguonDangKy").asText()).isEqualTo("1");
        assertThat(envelope.path("tenNguonDangKy").asText()).isEqualTo(properties.onlineChannelName());
        JsonNode t = envelope.path("toKhai");
        assertThat(t.path("loaiPhieu").asText()).isEqualTo("2");
        assertThat(t.path("maMucDich").asText()).isEqualTo("3");
        assertThat(t.path("soLuongCap").asText()).isEqualTo("2");
        assertThat(t.path("yeuCauCDNCV").asText()).isEqualTo("1");
        assertThat(t.path("nycGioiTinh").asText()).isEqualTo("2");
        assertThat(t.path("nycTenGioiTinh").asText()).isEqualTo("Nữ");
        assertThat(t.path("nycTenGoiKhac").asText()).isEqualTo("Bình Trần");
        assertThat(t.path("nycDanToc").asText()).isEqualTo("01");
        assertThat(t.path("nycTenDanToc").asText()).isEqualTo("Kinh");
        assertThat(t.path("nycLoaiGiayTo").asText()).isEqualTo("1");
        assertThat(t.path("nycNgayCapGiayTo").asText()).isEqualTo("10/04/2021");
        assertThat(t.path("nycNoiCapGiayTo").asText()).isEqualTo("Cục Cảnh sát QLHC về TTXH");
        assertThat(t.path("nycDienThoai").asText()).isEqualTo("+84912345678");
        assertThat(t.path("nycEmail").asText()).isEqualTo("binh.tran@example.vn");
        assertThat(t.path("nycThuongTru").path("maTinhThanh").asText()).isEqualTo("79");
        assertThat(t.path("nycThuongTru").path("tenQuanHuyen").asText()).isEqualTo("Quận 1");
        assertThat(t.path("nycThuongTru").path("maPhuongXa").asText()).isEqualTo("26734");
        assertThat(t.path("nycThuongTru").path("dcChiTiet").asText()).isEqualTo("Số 5 đường Trần Quang Khải");
        assertThat(t.path("nycTamTru").path("dcChiTiet").asText()).isEqualTo("Số 12 đường Yersin");
        assertThat(t.path("nycNoiSinh").path("tenTinhThanh").asText()).isEqualTo("Thành phố Hồ Chí Minh");
        assertThat(t.path("nycNoiSinhNuocNgoai").asText()).isEqualTo("1");
        assertThat(t.path("nycCuTru").get(0).path("tuNgay").asText()).isEqualTo("09/2008");
        assertThat(t.path("nycCuTru").get(0).path("denNgay").asText()).isEqualTo("30/06/2012");
        assertThat(t.path("nycCuTru").get(0).path("ngheNghiep").asText()).isEqualTo("Sinh viên");
        assertThat(t.path("nycHoTenCha").asText()).isEqualTo("Trần Văn Cường");
        assertThat(t.path("chaNgaySinh").asText()).isEqualTo("1960");
        assertThat(t.path("meNgaySinh").asText()).isEqualTo("08/03/1962");
        assertThat(t.path("nycHoTenVoChong").asText()).isEqualTo("Hoàng Minh Đức");
        assertThat(t.path("voChongNgaySinh").asText()).isEmpty();

        JsonNode certificate = issued.path("certificate");
        assertThat(certificate.path("number").asText()).isEqualTo("000126/2026/LLTP2");
        assertThat(certificate.path("issuedAt").asText()).isEqualTo("2026-11-21");
        assertThat(certificate.path("certificateType").asText()).isEqualTo("2");
        assertThat(certificate.path("hasCriminalRecord").asBoolean()).isTrue();
        assertThat(certificate.path("recordStatus").asText()).isEqualTo("Có án tích, đã được xóa án tích");
        assertThat(certificate.path("convictions")).hasSize(1);
        JsonNode conviction = certificate.path("convictions").get(0);
        assertThat(conviction.path("offence").asText()).startsWith("Trộm cắp tài sản");
        assertThat(conviction.path("offences").get(0).asText()).startsWith("Trộm cắp tài sản");
        assertThat(conviction.path("sentence").asText()).startsWith("09 tháng tù");
        assertThat(conviction.path("date").asText()).isEqualTo("2012-06-15");
        assertThat(conviction.path("court").asText()).isEqualTo("Tòa án nhân dân Quận 1, Thành phố Hồ Chí Minh");
        assertThat(conviction.path("judgmentNumber").asText()).isEqualTo("125/2012/HSST");
        assertThat(conviction.path("expunged").asBoolean()).isTrue();
        assertThat(conviction.path("expungedOn").asText()).isEqualTo("2014-12-15");
        assertThat(pdf(id, PROVINCIAL_KEY).body()).startsWith("%PDF-");
    }

    @Test
    void aCompletedRequestIsOneLedgerRowWithTheContextOfThePost() {
        String dossier = newId("LLTP-ISSUED-");
        String correlation = newId("cr-ledger-");
        String id = create("074085000123", 2, "Nguyễn Văn An", "1985-03-14", dossier, correlation);

        awaitStatus(id, "ISSUED");

        await().atMost(SETTLED).until(() -> ledger(correlation).size() == 1);
        Map<String, Object> entry = ledger(correlation).get(0);
        assertThat(entry).containsEntry("client_id", "provincial-ap-system")
                .containsEntry("dossier_id", dossier)
                .containsEntry("procedure_code", "2.000488")
                .containsEntry("officer_id", "CB-007")
                .containsEntry("agency_code", "000.00.12.H12")
                .containsEntry("source", "criminal-records")
                .containsEntry("outcome", "FOUND")
                .containsEntry("served_from", "source");
        assertThat((String) entry.get("subject_hash")).matches("[0-9a-f]{64}").isEqualTo(row(id).get("subject_hash"));
        assertThat(entry.values()).noneMatch(v -> String.valueOf(v).contains("074085000123"));
        // the dossier now shows the certificate as data obtained from a national database
        assertThat(ledgerTables().queryForList("SELECT source FROM dossier_source WHERE dossier_id = ?", String.class, dossier))
                .containsExactly("criminal-records");
    }

    @Test
    void aCertificateReturnedWithoutItsPdfIsIssuedWithNoPdfToServe() {
        String id = create(newId("LLTP-RETURNED-"));

        JsonNode issued = awaitStatus(id, "ISSUED");

        assertThat(issued.path("certificate").path("number").asText()).isEqualTo("000124/2026/LLTP1");
        assertThat(issued.path("certificatePdf").isNull()).isTrue();
        assertThat(row(id).get("certificate_pdf")).isNull();
        Response none = pdf(id, PROVINCIAL_KEY);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("code").asText()).isEqualTo("client.not_found");
    }

    @Test
    void aDossierNotReceivedByTheServiceIsRejectedWithItsDescription() {
        String correlation = newId("cr-rejected-");
        String id = create("001201000789", 1, "Lê Minh Châu", "2001-09-05", newId("LLTP-REJECTED-"), correlation);

        JsonNode rejected = awaitStatus(id, "REJECTED");

        assertThat(rejected.path("reason").asText()).isEqualTo("Not received by the criminal-records service "
                + "(trangThaiXuLy 3): Hồ sơ không được tiếp nhận: thông tin người yêu cầu (họ tên, ngày sinh) không khớp "
                + "với Cơ sở dữ liệu quốc gia về dân cư");
        assertThat(rejected.path("certificate").isNull()).isTrue();
        assertThat(rejected.path("certificatePdf").isNull()).isTrue();
        await().atMost(SETTLED).until(() -> ledger(correlation).size() == 1);
        assertThat(ledger(correlation).get(0)).containsEntry("outcome", "NOT_FOUND");
        assertThat(ledger(correlation).get(0).get("served_from")).isNull();
    }

    @Test
    void aRequestStillProcessingAtItsDeadlineFails() {
        String correlation = newId("cr-deadline-");
        String id = create("074085000500", 1, "Nguyễn Văn An", "1985-03-14", newId("CR-DEADLINE-"), correlation);
        await().atMost(SETTLED).until(() -> polls(id) >= 2);
        Map<String, Object> pending = row(id);
        assertThat(pending.get("status")).isEqualTo("PENDING");
        // the deadline was fixed from hub.criminal-records.deadline-seconds when the request was accepted
        assertThat(Duration.between(instant("created_at", id), instant("deadline_at", id)))
                .isEqualTo(Duration.ofSeconds(properties.deadlineSeconds()));

        expire(id);

        JsonNode failed = read(id, PROVINCIAL_KEY).json();
        assertThat(failed.path("reason").asText()).isEqualTo("deadline exceeded");
        assertThat(failed.path("certificate").isNull()).isTrue();
        assertThat(row(id).get("next_poll_at")).isNull();
        await().atMost(SETTLED).until(() -> ledger(correlation).size() == 1);
        assertThat(ledger(correlation).get(0)).containsEntry("outcome", "TIMEOUT")
                .containsEntry("source", "criminal-records");
    }

    @Test
    void aPollThatFailsIsRetriedLaterAndNothingPersonalIsLogged(CapturedOutput output) {
        String dossier = newId("LLTP-RECORD-");
        StubMapping failing = MOCKS.stubFor(WireMock.post(urlPathEqualTo(STATUS)).atPriority(0)
                .withRequestBody(matchingJsonPath("$.maHoSoMCDT", equalTo(dossier)))
                .willReturn(aResponse().withStatus(500)));
        String id = create("079190004567", 2, "Trần Thị Bình", "1990-07-22", dossier, newId("cr-pf-"));
        await().atMost(SETTLED).until(() -> statusPolls(dossier).size() >= 2);
        assertThat(read(id, PROVINCIAL_KEY).json().path("status").asText()).isEqualTo("PENDING");

        MOCKS.removeStub(failing);

        assertThat(awaitStatus(id, "ISSUED").path("certificate").path("convictions")).hasSize(1);
        assertThat(output.getAll()).contains("criminal-record poll failed requestId=" + id)
                .contains("The criminal-records service answered HTTP 500")
                .doesNotContain("079190004567").doesNotContain("Trần Thị Bình").doesNotContain(dossier);
    }

    @Test
    void statusZeroIsAFailedPollAndTheRequestIsPolledAgain(CapturedOutput output) {
        String dossier = newId("LLTP-STATUS0-");
        String id = create(dossier);

        await().atMost(SETTLED).until(() -> polls(id) >= 3);

        assertThat(read(id, PROVINCIAL_KEY).json().path("status").asText()).isEqualTo("PENDING");
        assertThat(output.getAll()).contains("criminal-record poll failed requestId=" + id + " reason=The "
                + "criminal-records service answered the status with status 0").doesNotContain(dossier);
        expire(id);
    }

    @Test
    void aCertificateWhosePdfIsNotOneIsAFailedPollNeverAServerError() {
        String dossier = newId("LLTP-BADPDF-");
        String id = create(dossier);

        await().atMost(SETTLED).until(() -> polls(id) >= 3);

        Response view = read(id, PROVINCIAL_KEY);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(view.json().path("certificate").isNull()).isTrue();
        assertThat(pdf(id, PROVINCIAL_KEY).status()).isEqualTo(404);
        expire(id);
    }

    // --- the dossier is the service's key ------------------------------------------------------------

    @Test
    void aSecondRequestForADossierWithAnOpenRequestIsAConflictAndNothingIsStoredOrSent() {
        String dossier = newId("CR-DUP-");
        String correlation = newId("cr-dup-");
        String first = create(dossier);
        await().atMost(SETTLED).until(() -> submissions(dossier).size() == 1);

        Response second = postFor(dossier, body("079190004567", 2, "Xin việc", "Trần Thị Bình", "1990-07-22"), correlation);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.header("Content-Type")).startsWith("application/problem+json");
        assertThat(second.json().path("code").asText()).isEqualTo("client.conflict");
        assertThat(second.header("X-Hub-Error")).isEqualTo("client.conflict");
        assertThat(second.body()).doesNotContain("079190004567");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM criminal_record_request WHERE dossier_id = ?",
                Integer.class, dossier)).isEqualTo(1);
        assertThat(submissions(dossier)).hasSize(1);
        expire(first);
        // once the request FAILED, the dossier may ask again
        assertThat(postFor(dossier, body("074085000123", 1, "Xin việc", "Nguyễn Văn An", "1985-03-14"),
                newId("cr-dup-again-")).status()).isEqualTo(202);
        await().atMost(SETTLED).until(() -> submissions(dossier).size() == 2);
        List<Map<String, Object>> open = jdbc.queryForList("SELECT request_id FROM criminal_record_request "
                + "WHERE dossier_id = ? AND status = 'PENDING'", dossier);
        open.forEach(r -> expire(String.valueOf(r.get("request_id"))));
    }

    // --- submission answers --------------------------------------------------------------------------

    @Test
    void aRefusalAtSubmissionFailsTheRequestWithTheServicesDescriptionAndDeadLettersItAtOnce(CapturedOutput output) {
        String dossier = newId("LLTP-REFUSE-");
        String correlation = newId("cr-refuse-");
        String id = create("074085000123", 1, "Nguyễn Văn An", "1985-03-14", dossier, correlation);

        JsonNode failed = awaitStatus(id, "FAILED");

        assertThat(failed.path("reason").asText()).isEqualTo("The criminal-records service refused the request "
                + "(errorCode ERR_TOKHAI): Thông tin tờ khai không hợp lệ: thiếu nơi thường trú của người yêu cầu");
        assertThat(submissions(dossier)).hasSize(1);
        assertThat(((Number) row(id).get("attempts")).intValue()).isEqualTo(1);
        assertThat(row(id).get("upstream_request_id")).isNull();
        Map<String, Object> dead = deadLetter(properties.deadLetterQueue(), CriminalRecordSubmission.REQUEST_ID, id);
        assertThat(dead).containsEntry(DeadLetterHeaders.REASON,
                        "The criminal-records service refused the request (errorCode ERR_TOKHAI)")
                .containsEntry(DeadLetterHeaders.ORIGINAL_QUEUE, properties.queue())
                .containsEntry(DeadLetterHeaders.ATTEMPTS, 1);
        await().atMost(SETTLED).until(() -> ledger(correlation).size() == 1);
        assertThat(ledger(correlation).get(0)).containsEntry("outcome", "FAILED");
        assertThat(output.getAll()).contains("criminal-record request dead-lettered requestId=" + id + " attempts=1")
                .doesNotContain("thiếu nơi thường trú");
    }

    @Test
    void theAlreadyReceivedAnswerToAResendIsASubmission() {
        String dossier = newId("LLTP-RESEND-");
        String id = create(dossier);

        await().atMost(SETTLED).until(() -> statusPolls(dossier).size() >= 1);

        Map<String, Object> row = row(id);
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(row.get("submitted_at")).isNotNull();
        assertThat(row.get("upstream_request_id")).isNotNull();
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat(submissions(dossier)).hasSize(1);
        expire(id);
    }

    @Test
    void anAnswerThatIsNeitherSuccessNorRefusalSendsTheDeclarationAgainThenFails() {
        String dossier = newId("LLTP-GARBLED-");
        String id = create(dossier);

        JsonNode failed = awaitStatus(id, "FAILED");

        assertThat(failed.path("reason").asText()).isEqualTo(
                "The criminal-records service answered the submission with neither its success text nor an error");
        // each attempt sent the whole declaration again
        List<LoggedRequest> sent = submissions(dossier);
        assertThat(sent).hasSize(properties.maxAttempts());
        assertThat(sent).allSatisfy(r -> assertThat(r.getBodyAsString()).isEqualTo(sent.get(0).getBodyAsString()));
        assertThat(((Number) row(id).get("attempts")).intValue()).isEqualTo(properties.maxAttempts());
    }

    // --- ownership -------------------------------------------------------------------------------

    @Test
    void aClientWithoutTheGrantCannotRequest() {
        Response refused = post(body("074085000123", 1, "Xin việc", "Nguyễn Văn An", "1985-03-14"), LAND_OFFICE_KEY,
                "X-Dossier-Id", newId("CR-LAND-"), "X-Procedure-Code", "1.004227");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("code").asText()).isEqualTo("client.forbidden");
        assertThat(refused.header("X-Hub-Error")).isEqualTo("client.forbidden");
    }

    @Test
    void onlyTheClientThatCreatedARequestOrAnAdminMayReadIt() {
        String id = create(newId("CR-OWNER-"));

        assertThat(read(id, PROVINCIAL_KEY).status()).isEqualTo(200);
        Response admin = read(id, ADMIN_KEY);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("requestId").asText()).isEqualTo(id);
        Response landOffice = read(id, LAND_OFFICE_KEY);
        assertThat(landOffice.status()).isEqualTo(403);
        assertThat(landOffice.json().path("code").asText()).isEqualTo("client.forbidden");
        assertThat(read(id, AUDITOR_KEY).status()).isEqualTo(403);
        assertThat(read(id, null).status()).isEqualTo(401);
        assertThat(pdf(id, LAND_OFFICE_KEY).status()).isEqualTo(403);
        assertThat(pdf(id, AUDITOR_KEY).status()).isEqualTo(403);
        assertThat(pdf(id, null).status()).isEqualTo(401);
        expire(id);
    }

    @Test
    void aClientWithTheGrantCannotReadAnotherClientsRequestOrItsPdf() {
        String id = create(newId("LLTP-ISSUED-OTHER-"));
        awaitStatus(id, "ISSUED");
        // made by another AP system that also holds the criminal-records grant
        jdbc.update("UPDATE criminal_record_request SET client_id = 'other-ap-system' WHERE request_id = ?",
                UUID.fromString(id));

        Response response = read(id, PROVINCIAL_KEY);
        Response file = pdf(id, PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("code").asText()).isEqualTo("client.forbidden");
        assertThat(response.body()).doesNotContain("certificate");
        assertThat(file.status()).isEqualTo(403);
        assertThat(file.json().path("code").asText()).isEqualTo("client.forbidden");
        assertThat(file.body()).doesNotContain("%PDF");
        assertThat(read(id, ADMIN_KEY).status()).isEqualTo(200);
        assertThat(pdf(id, ADMIN_KEY).body()).startsWith("%PDF-");
    }

    @Test
    void anUnknownOrMalformedRequestIdIs404() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-request-id", "12345")) {
            Response response = read(id, PROVINCIAL_KEY);
            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.json().path("code").asText()).isEqualTo("client.not_found");
            Response file = pdf(id, PROVINCIAL_KEY);
            assertThat(file.status()).as(id).isEqualTo(404);
            assertThat(file.json().path("code").asText()).isEqualTo("client.not_found");
        }
        assertThat(read(UUID.randomUUID().toString(), ADMIN_KEY).status()).isEqualTo(404);
    }

    // --- invalid input ---------------------------------------------------------------------------

    @Test
    void everyBrokenRuleIsNamedNoValueIsEchoedAndNothingIsSent() {
        String dossier = newId("CR-INVALID-");
        String correlation = newId("cr-invalid-");
        String tooLong = "Nguyễn" + "x".repeat(200);

        Response response = post(body("074299000123", 3, "", tooLong, "2999-01-01"), PROVINCIAL_KEY,
                "X-Dossier-Id", dossier, "X-Procedure-Code", "2.000488", "X-Correlation-Id", correlation);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_personal_id");
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "personalId", "certificateType", "purpose", "applicant.fullName", "applicant.dateOfBirth");
        assertThat(response.json().path("detail").asText()).contains("personalId", "applicant.dateOfBirth");
        assertThat(response.body()).doesNotContain("074299000123").doesNotContain(tooLong).doesNotContain("2999");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM criminal_record_request WHERE dossier_id = ?",
                Integer.class, dossier)).isZero();
        assertThat(submissions(dossier)).isEmpty();
        // refused, and recorded as such before the answer
        assertThat(ledger(correlation)).hasSize(1);
        Map<String, Object> entry = ledger(correlation).get(0);
        assertThat(entry).containsEntry("outcome", "INVALID").containsEntry("source", "criminal-records")
                .containsEntry("dossier_id", dossier).containsEntry("client_id", "provincial-ap-system");
        assertThat(entry.values()).noneMatch(v -> String.valueOf(v).contains("074299000123"));
    }

    @Test
    void eachFieldRuleIsEnforced() {
        String dossier = newId("CR-RULES-");
        Map<String, String> cases = Map.of(
                body("12345", 1, "Xin việc", "An", "1985-03-14"), "personalId",
                body("999085000123", 1, "Xin việc", "An", "1985-03-14"), "personalId",
                body("074085000123", 0, "Xin việc", "An", "1985-03-14"), "certificateType",
                body("074085000123", null, "Xin việc", "An", "1985-03-14"), "certificateType",
                body("074085000123", 1, "x".repeat(501), "An", "1985-03-14"), "purpose",
                body("074085000123", 1, "Xin việc", "   ", "1985-03-14"), "applicant.fullName",
                body("074085000123", 1, "Xin việc", "An", "1985-02-30"), "applicant.dateOfBirth",
                body("074085000123", 1, "Xin việc", "An", "14/03/1985"), "applicant.dateOfBirth",
                "{\"personalId\": \"074085000123\", \"certificateType\": 1, \"purpose\": \"Xin việc\"}", "applicant");
        cases.forEach((body, field) -> {
            Response response = post(body, PROVINCIAL_KEY, "X-Dossier-Id", dossier, "X-Procedure-Code", "2.000488");
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().path("errors").findValuesAsText("field")).as(body).containsExactly(field);
        });
        String id = post(body("074085000123", 1, "x".repeat(500), "A".repeat(200), "1985-03-14"), PROVINCIAL_KEY,
                "X-Dossier-Id", dossier, "X-Procedure-Code", "2.000488").json().path("requestId").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(submissions(dossier)).hasSizeLessThanOrEqualTo(1);
        expire(id);
    }

    @Test
    void eachRuleOfTheOptionalFieldsNamesItsFieldAndEchoesNoValue() {
        String dossier = newId("CR-OPTIONAL-");
        String future = LocalDate.now(BusinessTime.ZONE).plusDays(2).toString();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(withFields("\"purposeCode\": \"bad code!\"", ""), "purposeCode");
        cases.put(withFields("\"copies\": 11", ""), "copies");
        cases.put(withFields("\"copies\": 0", ""), "copies");
        cases.put(withFields("\"channel\": \"POST\"", ""), "channel");
        cases.put(withFields("", "\"gender\": \"X\""), "applicant.gender");
        cases.put(withFields("", "\"otherName\": \" \""), "applicant.otherName");
        cases.put(withFields("", "\"nationality\": \"vn\""), "applicant.nationality");
        cases.put(withFields("", "\"ethnicity\": \"1\""), "applicant.ethnicity");
        cases.put(withFields("", "\"idDocument\": {\"type\": \"1\", \"issuedOn\": \"" + future + "\"}"),
                "applicant.idDocument.issuedOn");
        cases.put(withFields("", "\"idDocument\": {\"issuedOn\": \"1980-01-01\"}"), "applicant.idDocument.issuedOn");
        cases.put(withFields("", "\"idDocument\": {\"type\": \"" + "1".repeat(21) + "\"}"), "applicant.idDocument.type");
        cases.put(withFields("", "\"phone\": \"09-123\""), "applicant.phone");
        cases.put(withFields("", "\"email\": \"not-an-email\""), "applicant.email");
        cases.put(withFields("", "\"permanentAddress\": {\"provinceCode\": \"7 4\"}"), "applicant.permanentAddress.provinceCode");
        cases.put(withFields("", "\"temporaryAddress\": {\"provinceName\": \"Bình Dương\"}"), "applicant.temporaryAddress");
        cases.put(withFields("", "\"placeOfBirth\": {\"detail\": \"" + "x".repeat(301) + "\"}"), "applicant.placeOfBirth.detail");
        cases.put(withFields("", "\"residences\": [{\"from\": \"2010-13\", \"place\": \"Hà Nội\"}]"), "applicant.residences[0].from");
        cases.put(withFields("", "\"residences\": [{\"from\": \"2010-01\", \"to\": \"2009-01\", \"place\": \"Hà Nội\"}]"),
                "applicant.residences[0].to");
        cases.put(withFields("", "\"residences\": [{\"from\": \"2010-01\"}]"), "applicant.residences[0].place");
        cases.put(withFields("", "\"residences\": [" + "{\"from\": \"2010-01\", \"place\": \"Hà Nội\"},".repeat(20)
                + "{\"from\": \"2010-01\", \"place\": \"Hà Nội\"}]"), "applicant.residences");
        cases.put(withFields("", "\"father\": {\"fullName\": \"\"}"), "applicant.father.fullName");
        cases.put(withFields("", "\"mother\": {\"fullName\": \"Lê Thị Dung\", \"dateOfBirth\": \"3000\"}"),
                "applicant.mother.dateOfBirth");
        cases.put(withFields("", "\"spouse\": {\"fullName\": \"Hoàng Minh Đức\", \"dateOfBirth\": \"" + future + "\"}"),
                "applicant.spouse.dateOfBirth");
        cases.forEach((body, field) -> {
            Response response = post(body, PROVINCIAL_KEY, "X-Dossier-Id", dossier, "X-Procedure-Code", "2.000488");
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().path("code").asText()).as(body).isEqualTo("client.invalid_request");
            assertThat(response.json().path("errors").findValuesAsText("field")).as(body).containsExactly(field);
            assertThat(response.body()).as(body).doesNotContain("bad code!").doesNotContain("not-an-email")
                    .doesNotContain("09-123").doesNotContain("Hà Nội").doesNotContain(future);
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM criminal_record_request WHERE dossier_id = ?",
                Integer.class, dossier)).isZero();
        assertThat(submissions(dossier)).isEmpty();
    }

    @Test
    void contextHeadersAndTheBodyAreRequired() {
        String body = body("074085000123", 1, "Xin việc", "Nguyễn Văn An", "1985-03-14");

        Response noDossier = post(body, PROVINCIAL_KEY, "X-Procedure-Code", "2.000488");
        Response badProcedure = post(body, PROVINCIAL_KEY, "X-Dossier-Id", "CR-H", "X-Procedure-Code", "2000488");
        Response badOfficer = post(body, PROVINCIAL_KEY, "X-Dossier-Id", "CR-H", "X-Procedure-Code", "2.000488",
                "X-Officer-Id", "CB 007");
        Response malformed = post("{\"personalId\": ", PROVINCIAL_KEY, "X-Dossier-Id", "CR-H",
                "X-Procedure-Code", "2.000488");
        Response wrongType = post(body.replace("\"certificateType\": 1", "\"certificateType\": \"one\""), PROVINCIAL_KEY,
                "X-Dossier-Id", "CR-H", "X-Procedure-Code", "2.000488");
        Response wrongCopies = post(withFields("\"copies\": \"two\"", ""), PROVINCIAL_KEY,
                "X-Dossier-Id", "CR-H", "X-Procedure-Code", "2.000488");

        assertThat(noDossier.status()).isEqualTo(400);
        assertThat(noDossier.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(noDossier.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Dossier-Id");
        assertThat(badProcedure.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Procedure-Code");
        assertThat(badOfficer.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Officer-Id");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("errors").get(0).path("field").asText()).isEqualTo("certificateType");
        assertThat(wrongCopies.status()).isEqualTo(400);
        assertThat(wrongCopies.json().path("errors").get(0).path("field").asText()).isEqualTo("copies");
        assertThat(submissions("CR-H")).isEmpty();
    }

    // --- reliability -----------------------------------------------------------------------------

    @Test
    void aSubmissionThatKeepsFailingEndsFailedInTheDeadLetterQueueAndCanBeReplayed() {
        String dossier = newId("LLTP-ISSUED-DLQ-");
        String correlation = newId("cr-dlq-");
        MOCKS.stubFor(WireMock.post(urlPathEqualTo(SUBMIT)).atPriority(0)
                .withRequestBody(matchingJsonPath("$.maHoSoMCDT", equalTo(dossier)))
                .willReturn(aResponse().withStatus(500)));

        String id = create("074085000123", 1, "Nguyễn Văn An", "1985-03-14", dossier, correlation);

        JsonNode failed = awaitStatus(id, "FAILED");
        assertThat(failed.path("reason").asText()).isEqualTo("The criminal-records service answered HTTP 500");
        assertThat(submissions(dossier)).hasSize(properties.maxAttempts());
        assertThat(((Number) row(id).get("attempts")).intValue()).isEqualTo(properties.maxAttempts());
        Map<String, Object> dead = deadLetter(properties.deadLetterQueue(), CriminalRecordSubmission.REQUEST_ID, id);
        assertThat(dead).containsEntry(DeadLetterHeaders.REASON, "The criminal-records service answered HTTP 500")
                .containsEntry(DeadLetterHeaders.ORIGINAL_QUEUE, properties.queue())
                .containsEntry(DeadLetterHeaders.ATTEMPTS, properties.maxAttempts());
        assertThat((String) dead.get(DeadLetterHeaders.ID)).matches("[0-9a-f-]{36}");
        assertThat(OffsetDateTime.parse((String) dead.get(DeadLetterHeaders.FAILED_AT))).isNotNull();
        await().atMost(SETTLED).until(() -> ledger(correlation).size() == 1);
        assertThat(ledger(correlation).get(0)).containsEntry("outcome", "FAILED");

        // administrators see it with the other dead letters...
        // (a queue browser may not see the newest message at once: the list is awaited)
        JsonNode listed = await().atMost(SETTLED).until(() -> listedDeadLetter(id), Objects::nonNull);
        assertThat(listed.path("id").asText()).isEqualTo(dead.get(DeadLetterHeaders.ID));
        assertThat(listed.path("queue").asText()).isEqualTo(properties.queue());
        assertThat(listed.path("attempts").asInt()).isEqualTo(properties.maxAttempts());
        assertThat(listed.toString()).doesNotContain("074085000123");

        // ...and once the service is back, replay it: the request is submitted again
        MOCKS.resetToDefaultMappings();
        Response replayed = send(HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters/" + listed.path("id").asText()
                + "/replay")).header("X-API-Key", ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(replayed.status()).isEqualTo(202);

        JsonNode issued = awaitStatus(id, "ISSUED");
        assertThat(issued.path("reason").isNull()).isTrue();
        assertThat(issued.path("certificate").path("number").asText()).isEqualTo("000123/2026/LLTP1");
        await().atMost(SETTLED).until(() -> ledger(correlation).size() == 2);
        assertThat(ledger(correlation)).extracting(r -> r.get("outcome")).containsExactly("FAILED", "FOUND");
    }

    @Test
    void aRedeliveredMessageForASubmittedRequestDoesNothing() {
        String dossier = newId("LLTP-ISSUED-REDELIVER-");
        String id = create("074085000123", 2, "Nguyễn Văn An", "1985-03-14", dossier, newId("cr-redeliver-"));
        awaitStatus(id, "ISSUED");
        org.apache.activemq.artemis.core.server.Queue queue = broker.getActiveMQServer()
                .locateQueue(SimpleString.of(properties.queue()));
        long acknowledged = queue.getMessagesAcknowledged();

        jms.convertAndSend(properties.queue(), "{\"requestId\":\"" + id + "\"}", m -> {
            m.setStringProperty(CriminalRecordSubmission.REQUEST_ID, id);
            return m;
        });

        await("the message consumed").atMost(Duration.ofSeconds(10)).until(() -> queue.getMessagesAcknowledged() > acknowledged);
        assertThat(submissions(dossier)).hasSize(1);
        assertThat(row(id)).containsEntry("status", "ISSUED");
        assertThat(((Number) row(id).get("attempts")).intValue()).isEqualTo(1);
    }

    @Test
    void aRequestCommittedButNeverQueuedIsQueuedByTheSweeper() {
        String dossier = newId("LLTP-RECORD-SWEEP-");
        HubClient client = new HubClient("provincial-ap-system", Set.of(Role.CLIENT), Set.of("criminal-records"));
        // as if the hub had stopped between committing the request and queueing it
        UUID id = requests.create(new GatewayRequest("cr-sweep", PATH, client, dossier, "2.000488", null, null),
                CriminalRecordDocument.minimal("079190004567", 2, "Xin việc",
                        CriminalRecordDocument.Applicant.minimal("Trần Thị Bình", "1990-07-22")));
        assertThat(row(id.toString()).get("enqueued_at")).isNull();
        jdbc.update("UPDATE criminal_record_request SET created_at = ? WHERE request_id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), id);

        JsonNode issued = awaitStatus(id.toString(), "ISSUED");

        assertThat(issued.path("certificate").path("convictions")).hasSize(1);
        assertThat(row(id.toString()).get("enqueued_at")).isNotNull();
        assertThat(submissions(dossier)).hasSize(1);
    }

    @Test
    void personalDataAndTheCertificateAreEncryptedAtRest() {
        String dossier = newId("LLTP-RECORD-ENC-");
        String id = create("079190004567", 2, "Trần Thị Bình", "1990-07-22", dossier, newId("cr-enc-"));
        awaitStatus(id, "ISSUED");

        Map<String, Object> row = row(id);
        for (String column : List.of("document", "upstream_request_id", "certificate", "certificate_pdf")) {
            String stored = new String((byte[]) row.get(column), StandardCharsets.ISO_8859_1);
            assertThat(stored).as(column).doesNotContain("079190004567").doesNotContain(dossier)
                    .doesNotContain("LLTP2").doesNotContain("personalId").doesNotContain("convictions")
                    .doesNotContain("%PDF");
        }
        assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("079190004567"));
    }

    private JsonNode listedDeadLetter(String requestId) {
        JsonNode list = get("/api/v1/admin/dead-letters", ADMIN_KEY).json().path("deadLetters");
        return StreamSupport.stream(list.spliterator(), false)
                .filter(d -> requestId.equals(d.path("details").path(CriminalRecordSubmission.REQUEST_ID).asText()))
                .findFirst().orElse(null);
    }
}
