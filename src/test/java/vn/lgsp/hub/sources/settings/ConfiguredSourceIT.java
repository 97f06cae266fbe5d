package vn.lgsp.hub.sources.settings;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.lookup.SubjectParser;
import vn.lgsp.hub.sources.lookup.UpstreamTokens;
import vn.lgsp.hub.support.HubIT;

/**
 * Issue 6 item 5: a fifth national database (civil status, {@code mock-endpoints/mappings/civil-status.json})
 * added by configuration alone, as {@code routes/README.md} tells an administrator — settings with
 * {@code PUT /api/v1/admin/sources/civil-status}, the example route file copied into the route
 * directory (here the build's copy, {@code target/test-routes}), a reload — and then looked up at
 * {@code GET /api/v1/lookups/civil-status/{subject}} with the ledger, breaker, grants and reports of
 * the built-in sources, without a restart.
 */
class ConfiguredSourceIT extends HubIT {

    private static final String SOURCE = "civil-status";
    private static final Path EXAMPLES = Path.of("routes/examples");
    private static final Path ROUTES = Path.of("target/test-routes");
    private static final String SETTINGS = "/api/v1/admin/sources/" + SOURCE;
    private static final String FOUND = "/api/v1/lookups/civil-status/074085000123";

    @Autowired
    private SourceProperties configured;

    @Autowired
    private SourceSettingsStore store;

    @Autowired
    private List<SubjectParser> parsers;

    @Autowired
    private SourceSettingsProperties settingsProperties;

    /** Takes the fifth database out again: its file, its route, its settings. */
    @AfterEach
    void removeTheSource() throws IOException {
        if (Files.deleteIfExists(ROUTES.resolve(SOURCE + ".yaml"))) {
            assertThat(post("/api/v1/admin/routes/reload").status()).isEqualTo(200);
        }
        sources.restoreConfigured();
    }

    // --- the steps of routes/README.md ---------------------------------------------------------

    /** The example settings, pointed at the test's mocks, with some fields changed. */
    private ObjectNode exampleSettings() throws IOException {
        ObjectNode settings = (ObjectNode) JSON.readTree(
                Files.readString(EXAMPLES.resolve(SOURCE + ".settings.json"), StandardCharsets.UTF_8));
        settings.put("baseUrl", MOCKS.baseUrl());
        return settings;
    }

    private Response putSettings(String json, String correlationId) {
        return send(HttpRequest.newBuilder(uri(SETTINGS)).header("X-API-Key", ADMIN_KEY)
                .header("Content-Type", "application/json").header("X-Correlation-Id", correlationId)
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private void createSource(ObjectNode settings) {
        Response created = putSettings(settings.toString(), "create-" + UUID.randomUUID());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
    }

    private void copyRouteFile() throws IOException {
        Files.copy(EXAMPLES.resolve(SOURCE + ".yaml"), ROUTES.resolve(SOURCE + ".yaml"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private Response post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", ADMIN_KEY).DELETE().build());
    }

    /** The three steps: settings, file, reload. */
    private void addTheFifthDatabase() throws IOException {
        createSource(exampleSettings());
        copyRouteFile();
        Response reloaded = post("/api/v1/admin/routes/reload");
        assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
    }

    private Response lookupAs(String apiKey, String path, String correlationId) {
        return get(path, apiKey, "X-Dossier-Id", "000.00.12.H12-261120-0001", "X-Procedure-Code", "1.001612",
                "X-Correlation-Id", correlationId);
    }

    /** Today's civil-status lookups in the reuse report by source, as the inspectorate reads it. */
    private JsonNode reportRow() {
        String today = LocalDate.now(BusinessTime.ZONE).toString();
        Response report = get("/api/v1/reports/reuse?groupBy=source&from=" + today + "&to=" + today, AUDITOR_KEY);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        for (JsonNode row : report.json().path("rows")) {
            if (SOURCE.equals(row.path("key").asText())) {
                return row.path("lookups").path(SOURCE);
            }
        }
        throw new AssertionError("no civil-status row in " + report.body());
    }

    private List<String> ledgerOutcomes(String correlationId) {
        return ledgerTables().queryForList("SELECT outcome FROM lookup_ledger WHERE source = ? AND correlation_id = ?",
                String.class, SOURCE, correlationId);
    }

    // --- the scenario ---------------------------------------------------------------------------

    @Test
    void anAdministratorAddsTheFifthDatabaseAndItServesWithoutARestart() throws IOException {
        assertProblem(lookup(FOUND), 404, "client.not_found");

        String creation = "create-" + UUID.randomUUID();
        Response created = putSettings(exampleSettings().toString(), creation);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().path("source").asText()).isEqualTo(SOURCE);
        assertThat(created.json().path("subjectPattern").asText()).isEqualTo("[0-9]{12}");
        JsonNode audited = auditEvent(creation);
        assertThat(audited.path("action").asText()).isEqualTo("source.create");
        assertThat(audited.path("target").asText()).isEqualTo("source civil-status");
        assertThat(audited.path("actor").asText()).isEqualTo("hub-admin");
        assertThat(audited.path("before").isNull()).isTrue();
        assertThat(audited.path("after").path("fields").path("fullName").asText())
                .isEqualTo("/GiayKhaiSinh/NguoiDuocKhaiSinh/HoTen");
        // settings without a route yet: the source exists but cannot be called
        assertProblem(lookup(FOUND), 503, "source.unavailable");
        long before = reportRow().path("total").asLong();

        copyRouteFile();
        Response reloaded = post("/api/v1/admin/routes/reload");
        assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
        assertThat(reloaded.json().path("reloaded").toString()).contains("source.civil-status.fetch");

        String correlationId = "civil-status-" + UUID.randomUUID();
        Response found = lookupAs(PROVINCIAL_KEY, FOUND, correlationId);

        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.header("X-Hub-Served-From")).isEqualTo("source");
        assertThat(found.header("X-Correlation-Id")).isEqualTo(correlationId);
        JsonNode birth = found.json();
        assertThat(birth.path("personalId").asText()).isEqualTo("074085000123");
        assertThat(birth.path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(birth.path("dateOfBirth").asText()).isEqualTo("1985-03-14");
        assertThat(birth.path("registrationNumber").asText()).isEqualTo("125");
        assertThat(birth.path("registeredBy").asText()).isEqualTo("UBND phường Phú Cường");
        assertThat(birth.path("fatherName").asText()).isEqualTo("Nguyễn Văn Bảy");
        assertThat(birth.path("retrievedAt").asText()).isNotBlank();
        MOCKS.verify(1, getRequestedFor(urlPathEqualTo("/hotich/api/v1/khaisinh/074085000123")));

        assertThat(ledgerOutcomes(correlationId)).containsExactly("FOUND");
        assertThat(ledgerTables().queryForObject("SELECT subject_hash FROM lookup_ledger WHERE correlation_id = ?",
                String.class, correlationId)).hasSize(64).doesNotContain("074085000123");
        JsonNode counted = reportRow();
        assertThat(counted.path("total").asLong()).isEqualTo(before + 1);
        assertThat(counted.path("fromSource").asLong()).isPositive();

        JsonNode route = StreamSupport.stream(get("/api/v1/admin/routes", ADMIN_KEY).json().path("routes")
                .spliterator(), false).filter(r -> r.path("id").asText().equals("source.civil-status.fetch"))
                .findFirst().orElseThrow();
        assertThat(route.path("source").asText()).isEqualTo(SOURCE);
        assertThat(route.path("origin").asText()).isEqualTo("routes/civil-status.yaml");
        assertThat(route.path("circuitState").asText()).isEqualTo("CLOSED");
        assertThat(get("/actuator/health", null).json().path("components").path("sources").path("components")
                .path(SOURCE).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void anInvalidSubjectIs400AndNeverLeavesTheHub() throws IOException {
        addTheFifthDatabase();
        String correlationId = "civil-status-invalid-" + UUID.randomUUID();

        for (String subject : List.of("12345", "0740850001234", "07408500012a", "abc_def-12")) {
            Response refused = lookupAs(PROVINCIAL_KEY, "/api/v1/lookups/civil-status/" + subject, correlationId);
            assertProblem(refused, 400, "client.invalid_request");
            assertThat(refused.json().path("errors").findValuesAsText("field")).containsExactly("subject");
        }

        MOCKS.verify(0, anyRequestedFor(urlPathMatching("/hotich/.*")));
        assertThat(ledgerOutcomes(correlationId)).containsOnly("INVALID").hasSize(4);
    }

    @Test
    void aSubjectTheDatabaseDoesNotHoldIs404SourceNotFound() throws IOException {
        addTheFifthDatabase();
        String correlationId = "civil-status-missing-" + UUID.randomUUID();

        assertProblem(lookupAs(PROVINCIAL_KEY, "/api/v1/lookups/civil-status/074085999999", correlationId), 404,
                "source.not_found");
        assertThat(ledgerOutcomes(correlationId)).containsExactly("NOT_FOUND");
    }

    @Test
    void anUpstreamErrorOrAnUnreadableAnswerIs502() throws IOException {
        addTheFifthDatabase();

        assertProblem(lookup("/api/v1/lookups/civil-status/074085000500"), 502, "source.bad_response");
        assertProblem(lookup("/api/v1/lookups/civil-status/074085000502"), 502, "source.bad_response");
    }

    @Test
    void theBreakerOpensAfterFailuresLikeTheBuiltInSources() throws IOException {
        ObjectNode settings = exampleSettings();
        ((ObjectNode) settings.path("circuitBreaker")).put("slidingWindowSize", 2).put("minimumNumberOfCalls", 2);
        createSource(settings);
        copyRouteFile();
        assertThat(post("/api/v1/admin/routes/reload").status()).isEqualTo(200);
        assertThat(lookup("/api/v1/lookups/civil-status/074085000500").status()).isEqualTo(502);
        assertThat(lookup("/api/v1/lookups/civil-status/074085000500").status()).isEqualTo(502);
        MOCKS.resetRequests();

        assertProblem(lookup(FOUND), 503, "source.unavailable");

        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
        assertThat(sources.breaker(SOURCE).getState().name()).isEqualTo("OPEN");
    }

    @Test
    void aClientWithoutTheGrantIs403AndNothingIsCalled() throws IOException {
        addTheFifthDatabase();

        assertProblem(lookupAs(LAND_OFFICE_KEY, FOUND, "no-grant-" + UUID.randomUUID()), 403, "client.forbidden");
        assertProblem(lookupAs(AUDITOR_KEY, FOUND, "no-role-" + UUID.randomUUID()), 403, "client.forbidden");
        assertProblem(lookupAs(null, FOUND, "anonymous-" + UUID.randomUUID()), 401, "client.unauthenticated");

        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void anUnknownSourceIs404AndNeitherCalledNorRecorded() {
        String correlationId = "unknown-source-" + UUID.randomUUID();

        assertProblem(lookupAs(PROVINCIAL_KEY, "/api/v1/lookups/weather/074085000123", correlationId), 404,
                "client.not_found");
        assertProblem(lookupAs(PROVINCIAL_KEY, "/api/v1/lookups/criminal-records/074085000123", correlationId), 404,
                "client.not_found");

        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
        assertThat(ledgerTables().queryForObject("SELECT COUNT(*) FROM lookup_ledger WHERE correlation_id = ?", Integer.class,
                correlationId)).isZero();
    }

    @Test
    void theBuiltInSourcesAnswerOnTheGenericPathToo() {
        Response citizen = lookup("/api/v1/lookups/citizens/074085000123");
        assertThat(citizen.status()).as(citizen.body()).isEqualTo(200);
        assertThat(citizen.json().path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(lookup("/api/v1/lookups/enterprises/0100233488").json().path("enterpriseCode").asText())
                .isEqualTo("0100233488");
        Response parcel = lookup("/api/v1/lookups/land/25747-12-345");
        assertThat(parcel.status()).as(parcel.body()).isEqualTo(200);
        assertThat(parcel.json().path("certificateNumber").asText()).isEqualTo("CS 01234");
        MOCKS.resetRequests();

        assertProblem(lookup("/api/v1/lookups/citizens/999085000123"), 400, "client.invalid_personal_id");
        assertProblem(lookup("/api/v1/lookups/enterprises/0100233489"), 400, "client.invalid_enterprise_code");
        assertProblem(lookup("/api/v1/lookups/land/25747-12"), 400, "client.invalid_land_parcel");
        assertProblem(lookupAs(LAND_OFFICE_KEY, "/api/v1/lookups/citizens/074085000123", "land-office-citizen"),
                403, "client.forbidden");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void aRouteFileForASourceWithoutSettingsIsRefused() throws IOException {
        copyRouteFile();

        Response refused = post("/api/v1/admin/routes/reload");

        assertProblem(refused, 422, "admin.invalid_route");
        assertThat(refused.json().path("detail").asText()).contains("routes/civil-status.yaml", "PUT /api/v1/admin/sources");
        assertThat(lookup("/api/v1/citizens/074085000123").status()).as("the running routes").isEqualTo(200);
    }

    @Test
    void invalidSettingsForANewSourceAre400AndCreateNothing() throws IOException {
        ObjectNode settings = exampleSettings();
        settings.put("subjectPattern", "([0-9]{12}");
        settings.putObject("fields").put("Full Name", "GiayKhaiSinh/HoTen");

        Response refused = putSettings(settings.toString(), "invalid-" + UUID.randomUUID());

        assertProblem(refused, 400, "client.invalid_request");
        assertThat(refused.json().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("subjectPattern", "fields");
        settings.remove("subjectPattern");
        settings.remove("fields");
        assertThat(putSettings(settings.toString(), "no-pattern-" + UUID.randomUUID()).json().path("errors")
                .findValuesAsText("field")).containsExactly("subjectPattern");
        assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/admin/sources/Civil_Status"))
                .header("X-API-Key", ADMIN_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(exampleSettings().toString())).build()), 400,
                "client.invalid_request");
        assertProblem(get(SETTINGS, ADMIN_KEY), 404, "client.not_found");
        assertThat(sources.names()).containsExactly("citizens", "enterprises", "land");
    }

    @Test
    void aBuiltInSourceTakesNoSubjectPattern() {
        ObjectNode land = (ObjectNode) get("/api/v1/admin/sources/land", ADMIN_KEY).json();
        land.put("subjectPattern", ".*");

        Response refused = send(HttpRequest.newBuilder(uri("/api/v1/admin/sources/land")).header("X-API-Key", ADMIN_KEY)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(land.toString()))
                .build());

        assertProblem(refused, 400, "client.invalid_request");
        assertThat(refused.json().path("errors").findValuesAsText("field")).containsExactly("subjectPattern");
    }

    @Test
    void theSourceIsDeletedOnceItsRouteIsGone() throws IOException {
        addTheFifthDatabase();

        assertProblem(delete(SETTINGS), 409, "client.conflict");
        assertThat(lookup(FOUND).status()).isEqualTo(200);

        Files.delete(ROUTES.resolve(SOURCE + ".yaml"));
        assertThat(post("/api/v1/admin/routes/reload").status()).isEqualTo(200);
        String correlationId = "delete-" + UUID.randomUUID();
        Response deleted = send(HttpRequest.newBuilder(uri(SETTINGS)).header("X-API-Key", ADMIN_KEY)
                .header("X-Correlation-Id", correlationId).DELETE().build());

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("action").asText()).isEqualTo("source.delete");
        assertThat(event.path("before").path("subjectPattern").asText()).isEqualTo("[0-9]{12}");
        assertThat(event.path("after").isNull()).isTrue();
        assertProblem(lookup(FOUND), 404, "client.not_found");
        assertProblem(get(SETTINGS, ADMIN_KEY), 404, "client.not_found");
        assertThat(sources.names()).doesNotContain(SOURCE);
    }

    @Test
    void aHubStartingOnTheDatabaseKnowsTheCreatedSource() throws IOException {
        createSource(exampleSettings());

        Sources starting = new Sources(configured, store, parsers,
                new UpstreamTokens(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));

        assertThat(starting.names()).contains(SOURCE);
        assertThat(starting.settings(SOURCE).subjectPattern()).isEqualTo("[0-9]{12}");
        assertThat(starting.settings(SOURCE).fields()).containsEntry("registrationNumber", "/GiayKhaiSinh/SoDangKy");
        assertThat(starting.endpointUri(SOURCE)).startsWith(MOCKS.baseUrl()).contains("responseTimeout=3000");
    }

    @Test
    void aSourceCreatedByAnotherInstanceIsCreatedHereWhenAnnounced() throws IOException {
        // another hub instance on the same database stores the source, then announces it
        ObjectNode settings = exampleSettings();
        store.save(JSON.treeToValue(settings, SourceSettings.class).named(SOURCE), false, "hub-admin",
                java.time.Instant.now());
        jms.execute(session -> {
            TextMessage message = session.createTextMessage(SOURCE);
            message.setStringProperty(SourceAdministration.SOURCE_HEADER, SOURCE);
            message.setLongProperty(SourceAdministration.VERSION_HEADER, 1);
            MessageProducer producer = session.createProducer(session.createTopic(settingsProperties.topic()));
            try {
                producer.send(message);
            } finally {
                producer.close();
            }
            return null;
        }, true);

        await().atMost(Duration.ofSeconds(10)).until(() -> get(SETTINGS, ADMIN_KEY).status() == 200);
        copyRouteFile();
        assertThat(post("/api/v1/admin/routes/reload").status()).isEqualTo(200);
        assertThat(lookup(FOUND).status()).isEqualTo(200);
    }
}
