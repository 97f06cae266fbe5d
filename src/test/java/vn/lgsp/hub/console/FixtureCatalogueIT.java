package vn.lgsp.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.stream.Collectors;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.lgsp.hub.support.CitizenLookups;
import vn.lgsp.hub.support.HubIT;

/**
 * The fixture catalogue, mock-endpoints/fixtures.json, is what the hub answers: every entry sent
 * through the hub against the mocks, as a tester would send it (the provincial system's key, the
 * catalogue's default context headers and the entry's own), answers the status and code it states.
 * So the catalogue the console shows (GET /console/fixtures) cannot drift from the mocks.
 */
class FixtureCatalogueIT extends HubIT {

    private static final Path CATALOGUE = Path.of("mock-endpoints/fixtures.json");
    private static final Duration SETTLED = Duration.ofSeconds(20);

    record Fixture(String id, JsonNode entry) {

        @Override
        public String toString() {
            return id;
        }
    }

    static JsonNode catalogue() {
        try {
            return JSON.readTree(Files.readAllBytes(CATALOGUE));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Fixture> fixtures() {
        return StreamSupport.stream(catalogue().path("fixtures").spliterator(), false)
                .map(f -> new Fixture(f.path("id").asText(), f));
    }

    @Test
    void theHubServesTheCatalogueItIsConfiguredWith() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("/console/fixtures")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(response.body())).isEqualTo(catalogue());
    }

    @Test
    void everyEntryIsComplete() {
        List<String> ids = new ArrayList<>();
        fixtures().forEach(f -> {
            JsonNode e = f.entry();
            ids.add(f.id());
            assertThat(f.id()).as("id").matches("[a-z0-9-]+");
            assertThat(e.path("kind").asText()).as(f.id()).isIn("lookup", "criminal-record-request", "dossier", "prefill");
            assertThat(e.path("source").asText()).as(f.id()).isNotEmpty();
            assertThat(e.path("expect").path("status").isInt()).as(f.id()).isTrue();
            assertThat(e.path("description").path("vi").asText()).as(f.id()).isNotBlank();
            assertThat(e.path("description").path("en").asText()).as(f.id()).isNotBlank();
            if (e.path("expect").path("status").asInt() >= 400) {
                assertThat(e.path("expect").path("code").asText()).as(f.id() + " code").isNotEmpty();
            }
        });
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(20);
    }

    private static boolean warm;

    /**
     * One lookup of each source first, whatever it answers: the first call of a cold hub (class loading,
     * the SOAP client, the token) can take longer than the test profile's 1 s timeout of the sources.
     */
    private void warmUp() {
        if (warm) {
            return;
        }
        warm = true;
        fixtures().filter(f -> "lookup".equals(f.entry().path("kind").asText())
                        && f.entry().path("expect").path("status").asInt() == 200)
                .collect(Collectors.toMap(f -> f.entry().path("source").asText(), f -> f, (a, b) -> a))
                .values().forEach(f -> {
                    try {
                        lookup(f.entry(), f.entry().path("expect"));
                    } catch (AssertionError cold) {
                        // only the warming counts here
                    }
                    sources.names().forEach(name -> sources.breaker(name).reset());
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theHubAnswersWhatTheCatalogueStates(Fixture f) {
        warmUp();
        JsonNode e = f.entry();
        JsonNode expect = e.path("expect");
        switch (e.path("kind").asText()) {
            case "lookup" -> lookup(e, expect);
            case "criminal-record-request" -> criminalRecordRequest(e, expect);
            case "dossier" -> dossier(e, expect);
            case "prefill" -> prefill(e, expect);
            default -> throw new AssertionError("unknown kind " + e.path("kind"));
        }
    }

    private void lookup(JsonNode e, JsonNode expect) {
        Map<String, String> headers = new LinkedHashMap<>();
        catalogue().path("defaultHeaders").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        e.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        List<String> query = new ArrayList<>();
        e.path("query").fields().forEachRemaining(q -> query.add(q.getKey() + "="
                + URLEncoder.encode(q.getValue().asText(), StandardCharsets.UTF_8).replace("+", "%20")));
        String target = e.path("path").asText() + (query.isEmpty() ? "" : "?" + String.join("&", query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(target)).timeout(Duration.ofSeconds(30)).GET()
                .header("X-API-Key", PROVINCIAL_KEY)
                // exactly as catalogued: no name or birth date added to a citizen lookup that has none
                .header(CitizenLookups.AS_IS, "true");
        headers.forEach(request::header);

        Response response = send(request.build());

        int status = expect.path("status").asInt();
        if (status >= 400) {
            assertProblem(response, status, expect.path("code").asText());
        } else {
            assertThat(response.status()).as(response.body()).isEqualTo(status);
        }
    }

    private void prefill(JsonNode e, JsonNode expect) {
        Map<String, String> headers = new LinkedHashMap<>();
        catalogue().path("defaultHeaders").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        headers.put("X-Procedure-Code", e.path("procedureCode").asText());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/dossiers/" + headers.get("X-Dossier-Id")
                        + "/prefill")).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", PROVINCIAL_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(e.path("body").toString()));
        headers.forEach(request::header);

        Response response = send(request.build());

        assertThat(response.status()).as(response.body()).isEqualTo(expect.path("status").asInt());
        expect.path("parts").fields().forEachRemaining(part -> assertThat(response.json().path("parts")
                .path(part.getKey()).path("status").asInt()).as(part.getKey()).isEqualTo(part.getValue().asInt()));
        assertThat(response.json().path("parts").size()).isEqualTo(expect.path("parts").size());
    }

    private void criminalRecordRequest(JsonNode e, JsonNode expect) {
        String dossierId = e.path("dossierIdPrefix").asText() + UUID.randomUUID().toString().substring(0, 8);
        Response accepted = send(HttpRequest.newBuilder(uri("/api/v1/criminal-record-requests"))
                .header("X-API-Key", PROVINCIAL_KEY).header("Content-Type", "application/json")
                .header("X-Dossier-Id", dossierId).header("X-Procedure-Code", "2.000488")
                .header("X-Officer-Id", "CB-0042").header("X-Agency-Code", "000.00.12.H12")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"personalId": "079190004567", "certificateType": 2, "purpose": "Bổ sung hồ sơ xin việc",
                         "applicant": {"fullName": "Trần Thị Bình", "dateOfBirth": "1990-07-22"}}
                        """)).build());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(expect.path("status").asInt());
        String path = "/api/v1/criminal-record-requests/" + accepted.json().path("requestId").asText();
        String expected = expect.path("requestStatus").asText();

        await().atMost(SETTLED).until(() -> get(path, PROVINCIAL_KEY).json().path("status").asText(),
                status -> !"PENDING".equals(status));
        assertThat(get(path, PROVINCIAL_KEY).json().path("status").asText()).isEqualTo(expected);
    }

    private void dossier(JsonNode e, JsonNode expect) {
        String dossierId = e.path("dossierIdPrefix").asText() + UUID.randomUUID().toString().substring(0, 8);
        Response accepted = putDossier(dossierId, """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "2026-11-20T08:15:00+07:00",
                 "channel": "IN_PERSON", "status": "RECEIVED",
                 "applicant": {"idType": "PERSONAL_ID", "idNumber": "074085000123"},
                 "components": [{"code": "TP1", "name": "Tờ khai", "digitized": true, "reused": true}]}
                """, PROVINCIAL_KEY);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(expect.path("status").asInt());
        String expected = expect.path("syncState").asText();

        await().atMost(SETTLED).until(() -> get("/api/v1/dossiers/" + dossierId, PROVINCIAL_KEY).json()
                .path("syncState").asText(), state -> !"PENDING".equals(state));
        assertThat(get("/api/v1/dossiers/" + dossierId, PROVINCIAL_KEY).json().path("syncState").asText())
                .isEqualTo(expected);
    }

    @Test
    void everyDocumentedFixtureSubjectIsCatalogued() throws IOException {
        String catalogued = Files.readString(CATALOGUE);
        // the subjects docs/api.md §8 names in its summary table
        for (String subject : List.of("074085000123", "079190004567", "001201000789", "001055000321", "074085999999",
                "074085000500", "074085000504", "0100233488", "3701453620-001", "3700012341", "3700987651",
                "25747/12/345", "26734/5/78", "25747/12/346", "25747/12/347", "25747/99/9999", "25747/99/500",
                "25747/99/501", "LLTP-ISSUED-", "LLTP-RECORD-", "LLTP-RETURNED-", "LLTP-REJECTED-", "LLTP-REFUSE-",
                "FAIL-", "12345", "999085000123", "074299000123", "0100233489")) {
            assertThat(catalogued).as(subject).contains(subject);
        }
    }
}
