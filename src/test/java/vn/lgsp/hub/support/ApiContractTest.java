package vn.lgsp.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.ApiContract.Exchange;

/** The contract check the integration tests rely on finds what breaks the document, and only that. */
class ApiContractTest {

    private static final String CITIZEN = "/api/v1/citizens/074085000123";
    private static final String CITIZEN_LOOKUP = CITIZEN + "?" + CitizenLookups.query("074085000123");
    private static final String CORRELATION = "c-1";
    private static final String FOUND = """
            {"personalId":"074085000123","fullName":"Nguyễn Văn An","dateOfBirth":"1985-03-14","gender":"MALE",
             "nationality":"VN","ethnicity":"Kinh","religion":null,"maritalStatus":null,"placeOfOrigin":null,
             "permanentAddress":{"provinceCode":"74","communeCode":"25747","detail":null},"currentAddress":null,
             "householdHead":{"personalId":null,"fullName":"Nguyễn Văn An","relationship":"Chủ hộ"},
             "father":null,"mother":null,"spouse":null,"retrievedAt":"2026-11-20T08:54:25.483179174+07:00"}""";

    private final ApiContract contract = ApiContract.get();

    @Test
    void aLookupAsTheDocumentSaysItConforms() {
        assertThat(contract.violations(lookup(200, okHeaders("source"), FOUND), true)).isEmpty();
    }

    @Test
    void aMinimisedLookupConforms() {
        String minimised = "{\"personalId\":\"074085000123\",\"fullName\":\"Nguyễn Văn An\"}";

        assertThat(contract.violations(lookup(200, okHeaders("reuse-store"), minimised), true)).isEmpty();
    }

    @Test
    void aNullWhereTheDocumentSaysNoNullIsFound() {
        String answer = FOUND.replace("\"fullName\":\"Nguyễn Văn An\",\"dateOfBirth\"", "\"fullName\":null,\"dateOfBirth\"");

        assertThat(contract.violations(lookup(200, okHeaders("source"), answer), true)).singleElement()
                .asString().contains("/fullName");
    }

    @Test
    void aMemberTheDocumentDoesNotNameIsFound() {
        String answer = FOUND.replace("{\"personalId\"", "{\"nickname\":\"An\",\"personalId\"");

        assertThat(contract.violations(lookup(200, okHeaders("source"), answer), true)).singleElement()
                .asString().contains("nickname");
    }

    @Test
    void aMissingResponseHeaderIsFound() {
        Map<String, List<String>> headers = okHeaders("source");
        headers.remove("X-Hub-Served-From");

        assertThat(contract.violations(lookup(200, headers, FOUND), true)).singleElement()
                .asString().contains("X-Hub-Served-From");
    }

    @Test
    void aStatusTheOperationDoesNotListIsFound() {
        assertThat(contract.violations(lookup(418, problemHeaders("client.invalid_request"),
                problem(418, "client.invalid_request")), true)).isNotEmpty();
    }

    @Test
    void aRequestTheDocumentForbidsMustBeRefused() {
        Map<String, List<String>> withoutDossier = Map.of("X-API-Key", List.of("k"), "X-Procedure-Code",
                List.of("1.001612"), "X-Officer-Id", List.of("o"), "X-Agency-Code", List.of("a"));
        Exchange served = new Exchange("GET", CITIZEN_LOOKUP, withoutDossier, null, 200, okHeaders("source"), FOUND);
        Exchange refused = new Exchange("GET", CITIZEN_LOOKUP, withoutDossier, null, 400,
                problemHeaders("client.invalid_request"), problem(400, "client.invalid_request"));

        assertThat(contract.violations(served, true)).singleElement().asString().contains("X-Dossier-Id");
        assertThat(contract.violations(served, false)).isEmpty();
        assertThat(contract.violations(refused, true)).isEmpty();
    }

    @Test
    void aProblemWhoseHeaderIsNotItsCodeIsFound() {
        assertThat(contract.violations(lookup(404, problemHeaders("client.not_found"),
                problem(404, "source.not_found")), true)).singleElement().asString().contains("X-Hub-Error");
    }

    @Test
    void aProblemWithoutItsCorrelationIdIsFound() {
        String withoutCorrelationId = problem(404, "source.not_found").replace(",\"correlationId\":\"c-1\"", "");

        assertThat(contract.violations(lookup(404, problemHeaders("source.not_found"), withoutCorrelationId), true))
                .isNotEmpty();
    }

    @Test
    void aPathOrMethodOutsideTheDocumentMayOnlyBeRefusedWithAProblem() {
        Map<String, List<String>> allow = problemHeaders("client.method_not_allowed");
        allow.put("Allow", List.of("GET"));
        Exchange delete = new Exchange("DELETE", CITIZEN, Map.of(), null, 405, allow,
                problem(405, "client.method_not_allowed"));
        Exchange unknownPath = new Exchange("GET", "/api/v1/nothing", Map.of(), null, 404,
                problemHeaders("client.not_found"), problem(404, "client.not_found"));
        Exchange servedUnknownPath = new Exchange("GET", "/api/v1/nothing", Map.of(), null, 200, okHeaders("source"), "{}");
        Exchange htmlRefusal = new Exchange("GET", "/api/v1/nothing", Map.of(), null, 404,
                new LinkedHashMap<>(Map.of("Content-Type", List.of("text/html"))), "<html/>");

        assertThat(contract.violations(delete, false)).isEmpty();
        assertThat(contract.violations(unknownPath, false)).isEmpty();
        assertThat(contract.violations(servedUnknownPath, false)).isNotEmpty();
        assertThat(contract.violations(htmlRefusal, false)).isNotEmpty();
    }

    @Test
    void theNullabilityOfADossierIsTheHubs() {
        String dossier = """
                {"dossierId":"D-1","procedureCode":"1.001612","agencyCode":"A","receivedAt":"2026-11-20T08:15:00+07:00",
                 "channel":"ONLINE","status":"RECEIVED","applicant":{"idType":"OTHER","idNumber":"B1"},"components":null,
                 "version":1,"syncState":"PENDING","syncAttempts":0,"lastSyncError":null,"lastSyncedAt":null,
                 "lookups":[{"source":"land","at":"2026-11-20T08:16:00+07:00","outcome":"NOT_FOUND","servedFrom":null,
                 "correlationId":"c-2"}]}""";
        Exchange read = new Exchange("GET", "/api/v1/dossiers/D-1", Map.of("X-API-Key", List.of("k")), null, 200,
                json(), dossier);
        Exchange unknownState = new Exchange("GET", "/api/v1/dossiers/D-1", Map.of("X-API-Key", List.of("k")), null,
                200, json(), dossier.replace("\"PENDING\"", "\"DONE\""));

        assertThat(contract.violations(read, true)).isEmpty();
        assertThat(contract.violations(unknownState, true)).singleElement().asString().contains("syncState");
    }

    @Test
    void theThreeOneDocumentBecomesTheThreeZeroViewTheValidatorReads() {
        JsonNode view = ApiContract.openApi30(ApiContract.read(ApiContract.DOCUMENT), true);
        JsonNode schemas = view.path("components").path("schemas");

        assertThat(view.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(schemas.path("Citizen").path("properties").path("gender").path("nullable").asBoolean()).isTrue();
        assertThat(schemas.path("Citizen").path("properties").path("spouse").path("nullable").asBoolean()).isTrue();
        assertThat(schemas.path("Citizen").path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(view.path("components").path("securitySchemes").has("clientCertificate")).isFalse();
    }

    private static Exchange lookup(int status, Map<String, List<String>> headers, String body) {
        Map<String, List<String>> request = new LinkedHashMap<>();
        request.put("X-API-Key", List.of("dev-provincial-key"));
        request.put("X-Dossier-Id", List.of("000.00.12.H12-261120-0001"));
        request.put("X-Procedure-Code", List.of("1.001612"));
        request.put("X-Officer-Id", List.of(CitizenLookups.OFFICER));
        request.put("X-Agency-Code", List.of(CitizenLookups.AGENCY));
        request.put("X-Correlation-Id", List.of(CORRELATION));
        return new Exchange("GET", CITIZEN_LOOKUP, request, null, status, headers, body);
    }

    private static Map<String, List<String>> okHeaders(String servedFrom) {
        Map<String, List<String>> headers = json();
        headers.put("X-Hub-Served-From", List.of(servedFrom));
        return headers;
    }

    private static Map<String, List<String>> json() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("X-Correlation-Id", List.of(CORRELATION));
        return headers;
    }

    private static Map<String, List<String>> problemHeaders(String code) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/problem+json"));
        headers.put("X-Correlation-Id", List.of(CORRELATION));
        headers.put("X-Hub-Error", List.of(code));
        return headers;
    }

    private static String problem(int status, String code) {
        return "{\"type\":\"urn:lgsp-hub:problem:" + code + "\",\"title\":\"T\",\"status\":" + status
                + ",\"detail\":\"d\",\"instance\":\"" + CITIZEN + "\",\"code\":\"" + code + "\",\"correlationId\":\""
                + CORRELATION + "\"}";
    }
}
