package vn.lgsp.hub.criminalrecords;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.gateway.GatewayRequest;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.security.Role;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §3: criminal-record certificate requests, against the criminal-records fixtures of
 * {@code mock-endpoints/} (submit through Artemis, poll, settle, dead-letter, ledger, ownership).
 */
@ExtendWith(OutputCaptureExtension.class)
class CriminalRecordRequestIT extends HubIT {

    private static final String PATH = "/api/v1/criminal-record-requests";
    private static final String UPSTREAM = "/lltp/api/v1/yeucau";
    private static final Duration SETTLED = Duration.ofSeconds(15);


    @Autowired
    CriminalRecordProperties properties;

    @Autowired
    CriminalRecordRequests requests;

    @Autowired
    CamelContext camel;

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

    private Response post(String body, String key, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(PATH)).header("X-API-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A valid request by the provincial system for a new dossier; returns the 202's request id. */
    private String create(String personalId, int certificateType, String fullName, String dateOfBirth, String dossierId,
                          String correlationId) {
        Response accepted = post(body(personalId, certificateType, "Bổ sung hồ sơ xin việc", fullName, dateOfBirth),
                PROVINCIAL_KEY, "X-Dossier-Id", dossierId, "X-Procedure-Code", "2.000488",
                "X-Officer-Id", "CB-007", "X-Agency-Code", "000.00.12.H12", "X-Correlation-Id", correlationId);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("requestId").asText();
    }

    private Response read(String requestId, String key) {
        return get(PATH + "/" + requestId, key);
    }

    private JsonNode awaitStatus(String requestId, String status) {
        await().atMost(SETTLED).until(() -> status.equals(read(requestId, PROVINCIAL_KEY).json().path("status").asText()));
        return read(requestId, PROVINCIAL_KEY).json();
    }

    private Map<String, Object> row(String requestId) {
        return jdbc.queryForMap("SELECT * FROM criminal_record_request WHERE request_id = ?", UUID.fromString(requestId));
    }

    private OffsetDateTime instant(String column, String requestId) {
        return jdbc.queryForObject("SELECT " + column + " FROM criminal_record_request WHERE request_id = ?",
                OffsetDateTime.class, UUID.fromString(requestId));
    }

    private List<Map<String, Object>> ledger(String correlationId) {
        return ledgerTables().queryForList("SELECT * FROM lookup_ledger WHERE correlation_id = ? ORDER BY id", correlationId);
    }

    private List<LoggedRequest> submissions(String dossierId) {
        return MOCKS.findAll(postRequestedFor(urlPathEqualTo(UPSTREAM))
                .withRequestBody(matchingJsonPath("$.MaHoSo", equalTo(dossierId))));
    }

    private static String newId(String prefix) {
        return prefix + System.nanoTime();
    }

    private static String pending(String upstreamId) {
        return "{\"MaYeuCau\":\"" + upstreamId + "\",\"TrangThai\":\"DANG_XU_LY\",\"Phieu\":null,\"LyDo\":null}";
    }

    // --- the flow ------------------------------------------------------------------------------

    @Test
    void aRequestIsAcceptedPendingThenIssuedWithoutARecord() throws Exception {
        // the service keeps processing until the test lets it issue the certificate
        StubMapping processing = MOCKS.stubFor(WireMock.get(urlPathEqualTo(UPSTREAM + "/YC-074085000123-1")).atPriority(0)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(pending("YC-074085000123-1"))));
        String dossier = newId("CR-HAPPY-");
        String correlation = newId("cr-happy-");

        Response accepted = post(body("074085000123", 1, "Bổ sung hồ sơ xin việc", "Nguyễn Văn An", "1985-03-14"),
                PROVINCIAL_KEY, "X-Dossier-Id", dossier, "X-Procedure-Code", "2.000488", "X-Officer-Id", "CB-007",
                "X-Agency-Code", "000.00.12.H12", "X-Correlation-Id", correlation);

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("requestId").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(accepted.header("Location")).isEqualTo(PATH + "/" + id);
        assertThat(accepted.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(accepted.json().size()).isEqualTo(2);
        JsonNode pending = read(id, PROVINCIAL_KEY).json();
        assertThat(pending.path("status").asText()).isEqualTo("PENDING");
        assertThat(pending.path("requestId").asText()).isEqualTo(id);
        assertThat(pending.path("certificateType").asInt()).isEqualTo(1);
        assertThat(pending.path("createdAt").asText()).endsWith("+07:00");
        assertThat(pending.has("certificate")).isTrue();
        assertThat(pending.path("certificate").isNull()).isTrue();
        assertThat(pending.path("reason").isNull()).isTrue();

        // submitted once, in the service's format, then polled (still processing) with a backoff
        await().atMost(SETTLED).until(() -> ((Number) row(id).get("polls")).intValue() >= 2);
        assertThat(read(id, PROVINCIAL_KEY).json().path("status").asText()).isEqualTo("PENDING");
        List<LoggedRequest> sent = submissions(dossier);
        assertThat(sent).hasSize(1);
        JsonNode upstream = JSON.readTree(sent.get(0).getBodyAsString());
        assertThat(upstream.path("SoDinhDanh").asText()).isEqualTo("074085000123");
        assertThat(upstream.path("LoaiPhieu").asInt()).isEqualTo(1);
        assertThat(upstream.path("MucDich").asText()).isEqualTo("Bổ sung hồ sơ xin việc");
        assertThat(upstream.path("HoTen").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(upstream.path("NgaySinh").asText()).isEqualTo("1985-03-14");
        assertThat(upstream.path("MaHoSo").asText()).isEqualTo(dossier);
        assertThat(sent.get(0).getHeader("X-Correlation-Id")).isEqualTo(correlation);

        MOCKS.removeStub(processing);
        JsonNode issued = awaitStatus(id, "ISSUED");

        JsonNode certificate = issued.path("certificate");
        assertThat(certificate.path("number").asText()).isEqualTo("000123/2026/LLTP1");
        assertThat(certificate.path("issuedAt").asText()).isEqualTo("2026-11-20");
        assertThat(certificate.path("hasCriminalRecord").asBoolean()).isFalse();
        assertThat(certificate.path("convictions").isArray()).isTrue();
        assertThat(certificate.path("convictions")).isEmpty();
        assertThat(issued.path("reason").isNull()).isTrue();
        assertThat(issued.path("completedAt").asText()).isNotEmpty();
        assertThat(((Number) row(id).get("attempts")).intValue()).isEqualTo(1);
        assertThat(submissions(dossier)).hasSize(1);
    }

    @Test
    void aCompletedRequestIsOneLedgerRowWithTheContextOfThePost() {
        String dossier = newId("CR-LEDGER-");
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
    void aTypeTwoCertificateShowsTheConvictionATypeOneCertificateDoesNot() {
        String dossier = newId("CR-TYPES-");
        String full = create("079190004567", 2, "Trần Thị Bình", "1990-07-22", dossier, newId("cr-type2-"));
        String expunged = create("079190004567", 1, "Trần Thị Bình", "1990-07-22", dossier, newId("cr-type1-"));

        JsonNode second = awaitStatus(full, "ISSUED").path("certificate");
        JsonNode first = awaitStatus(expunged, "ISSUED").path("certificate");

        assertThat(second.path("number").asText()).isEqualTo("000126/2026/LLTP2");
        assertThat(second.path("hasCriminalRecord").asBoolean()).isTrue();
        assertThat(second.path("convictions")).hasSize(1);
        JsonNode conviction = second.path("convictions").get(0);
        assertThat(conviction.path("offence").asText()).startsWith("Trộm cắp tài sản");
        assertThat(conviction.path("sentence").asText()).startsWith("09 tháng tù");
        assertThat(conviction.path("date").asText()).isEqualTo("2012-06-15");
        assertThat(conviction.path("court").asText()).isEqualTo("Tòa án nhân dân Quận 1, Thành phố Hồ Chí Minh");
        assertThat(conviction.path("expunged").asBoolean()).isTrue();
        assertThat(first.path("number").asText()).isEqualTo("000125/2026/LLTP1");
        assertThat(first.path("hasCriminalRecord").asBoolean()).isFalse();
        assertThat(first.path("convictions")).isEmpty();
        assertThat(read(expunged, PROVINCIAL_KEY).json().path("certificateType").asInt()).isEqualTo(1);
    }

    @Test
    void aRejectedRequestCarriesTheServicesReason() {
        String correlation = newId("cr-rejected-");
        String id = create("001201000789", 1, "Lê Minh Châu", "2001-09-05", newId("CR-REJ-"), correlation);

        JsonNode rejected = awaitStatus(id, "REJECTED");

        assertThat(rejected.path("reason").asText())
                .isEqualTo("Thông tin người yêu cầu (họ tên, ngày sinh) không khớp với Cơ sở dữ liệu quốc gia về dân cư");
        assertThat(rejected.path("certificate").isNull()).isTrue();
        await().atMost(SETTLED).until(() -> ledger(correlation).size() == 1);
        assertThat(ledger(correlation).get(0)).containsEntry("outcome", "NOT_FOUND");
        assertThat(ledger(correlation).get(0).get("served_from")).isNull();
    }

    @Test
    void aRequestStillProcessingAtItsDeadlineFails() {
        String correlation = newId("cr-deadline-");
        String id = create("074085000500", 1, "Nguyễn Văn An", "1985-03-14", newId("CR-DEADLINE-"), correlation);
        await().atMost(SETTLED).until(() -> ((Number) row(id).get("polls")).intValue() >= 2);
        Map<String, Object> pending = row(id);
        assertThat(pending.get("status")).isEqualTo("PENDING");
        // the deadline was fixed from hub.criminal-records.deadline-seconds when the request was accepted
        assertThat(Duration.between(instant("created_at", id), instant("deadline_at", id)))
                .isEqualTo(Duration.ofSeconds(properties.deadlineSeconds()));

        // as if that much time had passed
        jdbc.update("UPDATE criminal_record_request SET deadline_at = ? WHERE request_id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), UUID.fromString(id));

        JsonNode failed = awaitStatus(id, "FAILED");
        assertThat(failed.path("reason").asText()).isEqualTo("deadline exceeded");
        assertThat(failed.path("certificate").isNull()).isTrue();
        assertThat(row(id).get("next_poll_at")).isNull();
        await().atMost(SETTLED).until(() -> ledger(correlation).size() == 1);
        assertThat(ledger(correlation).get(0)).containsEntry("outcome", "TIMEOUT")
                .containsEntry("source", "criminal-records");
    }

    @Test
    void aPollThatFailsIsRetriedLaterAndNothingPersonalIsLogged(CapturedOutput output) {
        StubMapping failing = MOCKS.stubFor(WireMock.get(urlPathEqualTo(UPSTREAM + "/YC-079190004567-2")).atPriority(0)
                .willReturn(aResponse().withStatus(500)));
        String id = create("079190004567", 2, "Trần Thị Bình", "1990-07-22", newId("CR-POLLFAIL-"), newId("cr-pf-"));
        await().atMost(SETTLED).until(() -> MOCKS.findAll(getRequestedFor(urlPathEqualTo(UPSTREAM + "/YC-079190004567-2")))
                .size() >= 2);
        assertThat(read(id, PROVINCIAL_KEY).json().path("status").asText()).isEqualTo("PENDING");

        MOCKS.removeStub(failing);

        assertThat(awaitStatus(id, "ISSUED").path("certificate").path("convictions")).hasSize(1);
        assertThat(output.getAll()).contains("criminal-record poll failed requestId=" + id)
                .contains("The criminal-records service answered HTTP 500")
                .doesNotContain("079190004567").doesNotContain("Trần Thị Bình").doesNotContain("YC-0791");
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
        String id = create("074085000123", 1, "Nguyễn Văn An", "1985-03-14", newId("CR-OWNER-"), newId("cr-owner-"));

        assertThat(read(id, PROVINCIAL_KEY).status()).isEqualTo(200);
        Response admin = read(id, ADMIN_KEY);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("requestId").asText()).isEqualTo(id);
        Response landOffice = read(id, LAND_OFFICE_KEY);
        assertThat(landOffice.status()).isEqualTo(403);
        assertThat(landOffice.json().path("code").asText()).isEqualTo("client.forbidden");
        assertThat(read(id, AUDITOR_KEY).status()).isEqualTo(403);
        assertThat(read(id, null).status()).isEqualTo(401);
    }

    @Test
    void aClientWithTheGrantCannotReadAnotherClientsRequest() {
        String id = create("074085000123", 1, "Nguyễn Văn An", "1985-03-14", newId("CR-OTHER-"), newId("cr-other-"));
        // made by another AP system that also holds the criminal-records grant
        jdbc.update("UPDATE criminal_record_request SET client_id = 'other-ap-system' WHERE request_id = ?",
                UUID.fromString(id));

        Response response = read(id, PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("code").asText()).isEqualTo("client.forbidden");
        assertThat(response.body()).doesNotContain("certificate");
        assertThat(read(id, ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void anUnknownOrMalformedRequestIdIs404() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-request-id", "12345")) {
            Response response = read(id, PROVINCIAL_KEY);
            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.json().path("code").asText()).isEqualTo("client.not_found");
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
        assertThat(post(body("074085000123", 1, "x".repeat(500), "A".repeat(200), "1985-03-14"), PROVINCIAL_KEY,
                "X-Dossier-Id", dossier, "X-Procedure-Code", "2.000488").status()).isEqualTo(202);
        assertThat(submissions(dossier)).hasSizeLessThanOrEqualTo(1);
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

        assertThat(noDossier.status()).isEqualTo(400);
        assertThat(noDossier.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(noDossier.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Dossier-Id");
        assertThat(badProcedure.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Procedure-Code");
        assertThat(badOfficer.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Officer-Id");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("errors").get(0).path("field").asText()).isEqualTo("certificateType");
        assertThat(MOCKS.findAll(postRequestedFor(urlPathEqualTo(UPSTREAM))
                .withRequestBody(matchingJsonPath("$.MaHoSo", equalTo("CR-H"))))).isEmpty();
    }

    // --- reliability -----------------------------------------------------------------------------

    @Test
    void aSubmissionThatKeepsFailingEndsFailedInTheDeadLetterQueueAndCanBeReplayed() {
        String dossier = newId("CR-DLQ-");
        String correlation = newId("cr-dlq-");
        MOCKS.stubFor(WireMock.post(urlPathEqualTo(UPSTREAM)).atPriority(0)
                .withRequestBody(matchingJsonPath("$.MaHoSo", equalTo(dossier)))
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
        String dossier = newId("CR-REDELIVER-");
        String id = create("074085000123", 2, "Nguyễn Văn An", "1985-03-14", dossier, newId("cr-redeliver-"));
        awaitStatus(id, "ISSUED");
        NotifyBuilder consumed = new NotifyBuilder(camel).fromRoute("criminal-records.submit")
                .filter(e -> id.equals(String.valueOf(e.getProperty(CriminalRecordSubmission.REQUEST_ID))))
                .whenDone(1).create();

        jms.convertAndSend(properties.queue(), "{\"requestId\":\"" + id + "\"}", m -> {
            m.setStringProperty(CriminalRecordSubmission.REQUEST_ID, id);
            return m;
        });

        assertThat(consumed.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(submissions(dossier)).hasSize(1);
        assertThat(row(id)).containsEntry("status", "ISSUED");
        assertThat(((Number) row(id).get("attempts")).intValue()).isEqualTo(1);
    }

    @Test
    void aRequestCommittedButNeverQueuedIsQueuedByTheSweeper() {
        String dossier = newId("CR-SWEEP-");
        HubClient client = new HubClient("provincial-ap-system", Set.of(Role.CLIENT), Set.of("criminal-records"));
        // as if the hub had stopped between committing the request and queueing it
        UUID id = requests.create(new GatewayRequest("cr-sweep", PATH, client, dossier, "2.000488", null, null),
                new CriminalRecordDocument("079190004567", 2, "Xin việc",
                        new CriminalRecordDocument.Applicant("Trần Thị Bình", "1990-07-22")));
        assertThat(row(id.toString()).get("enqueued_at")).isNull();
        jdbc.update("UPDATE criminal_record_request SET created_at = ? WHERE request_id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), id);

        JsonNode issued = awaitStatus(id.toString(), "ISSUED");

        assertThat(issued.path("certificate").path("convictions")).hasSize(1);
        assertThat(row(id.toString()).get("enqueued_at")).isNotNull();
        assertThat(submissions(dossier)).hasSize(1);
    }

    @Test
    void personalDataIsEncryptedAtRest() {
        String id = create("079190004567", 2, "Trần Thị Bình", "1990-07-22", newId("CR-ENC-"), newId("cr-enc-"));
        awaitStatus(id, "ISSUED");

        Map<String, Object> row = row(id);
        for (String column : List.of("document", "upstream_request_id", "certificate")) {
            String stored = new String((byte[]) row.get(column), StandardCharsets.ISO_8859_1);
            assertThat(stored).as(column).doesNotContain("079190004567").doesNotContain("YC-")
                    .doesNotContain("LLTP2").doesNotContain("personalId").doesNotContain("convictions");
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
