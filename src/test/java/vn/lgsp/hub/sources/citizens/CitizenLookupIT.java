package vn.lgsp.hub.sources.citizens;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.support.CitizenLookups;
import vn.lgsp.hub.support.HubIT;

/**
 * A citizen lookup round-trips through the population database's mock in the real shape
 * (docs/national-systems.md §1): the {@code TraCuuThongTinCongDan} request with the name and birth
 * date it matches, answers read from the body (found, not found, refused), codes named from the
 * catalogues, and stored copies held to the same match.
 */
class CitizenLookupIT extends HubIT {

    private static final String SOAP_PATH = "/dancuquocgia/TraCuuThongTinCongDan";
    private static final String LGSP_PATH = "/lgsp/dancu/TraCuuThongTinCongDan";
    private static final Path ROUTE = Path.of("target/test-routes/citizens.yaml");

    private String originalRoute;

    @AfterEach
    void restoreRoute() throws IOException {
        if (originalRoute != null) {
            Files.writeString(ROUTE, originalRoute, StandardCharsets.UTF_8);
            assertThat(admin("/api/v1/admin/routes/reload").status()).isEqualTo(200);
        }
    }

    /** A citizen lookup sent as it is, with the dossier and procedure headers unless {@code headers} give them. */
    private Response citizen(String personalId, String query, String... headers) {
        return get("/api/v1/citizens/" + personalId + (query == null ? "" : "?" + query), PROVINCIAL_KEY,
                withDefaults(headers, "X-Dossier-Id", "D-CIT-1", "X-Procedure-Code", "1.001612", CitizenLookups.AS_IS,
                        "yes"));
    }

    /** The same, with an officer and an agency unless {@code headers} give them. */
    private Response complete(String personalId, String query, String... headers) {
        return citizen(personalId, query, withDefaults(headers, "X-Officer-Id", "CB-0042", "X-Agency-Code",
                "000.00.12.H12"));
    }

    private static String[] withDefaults(String[] headers, String... defaults) {
        List<String> all = new ArrayList<>(List.of(headers));
        for (int i = 0; i < defaults.length; i += 2) {
            boolean given = false;
            for (int j = 0; j < headers.length; j += 2) {
                given |= headers[j].equalsIgnoreCase(defaults[i]);
            }
            if (!given) {
                all.add(defaults[i]);
                all.add(defaults[i + 1]);
            }
        }
        return all.toArray(String[]::new);
    }

    private Response admin(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A correlation id no earlier run of the suite used (the database outlives a run). */
    private static String correlationId(String name) {
        return name + "-" + System.nanoTime();
    }

    private String outcomeOf(String correlationId) {
        return ledgerTables().queryForObject("SELECT outcome FROM lookup_ledger WHERE correlation_id = ?", String.class,
                correlationId);
    }

    @Test
    void aFoundCitizenIsAskedForWithNameAndBirthDateAndAnsweredWithCodesAndNames() {
        Response response = complete("074085000123", "fullName=Nguy%E1%BB%85n%20V%C4%83n%20An&birthDate=1985-03-14");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode c = response.json();
        assertThat(c.path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(c.path("dateOfBirth").asText()).isEqualTo("1985-03-14");
        assertThat(c.path("birthYear").asInt()).isEqualTo(1985);
        assertThat(c.path("ethnicity").asText()).isEqualTo("Kinh");
        assertThat(c.path("ethnicityCode").asText()).isEqualTo("01");
        assertThat(c.path("religionCode").asText()).isEqualTo("00");
        assertThat(c.path("maritalStatus").asText()).isEqualTo("Đang có vợ/chồng");
        assertThat(c.path("maritalStatusCode").asText()).isEqualTo("2");
        assertThat(c.path("householdHead").path("relationship").asText()).isEqualTo("Chủ hộ");
        assertThat(c.path("householdHead").path("relationshipCode").asText()).isEqualTo("CH01");
        assertThat(c.path("permanentAddress").path("detail").asText()).isEqualTo("Số 12 đường Yersin");
        // the request the population database takes: SOAP, its namespace, the fields it matches
        MOCKS.verify(1, postRequestedFor(urlPathEqualTo(SOAP_PATH))
                .withHeader("Content-Type", containing("application/xml"))
                .withHeader("SOAPAction", equalTo("\"\""))
                .withRequestBody(containing("xmlns:dan=\"http://dancuquocgia.bca\""))
                .withRequestBody(matchingXPath("/*[local-name()='Envelope']/*[local-name()='Body']"
                        + "/*[local-name()='TraCuuThongTinCongDan']"))
                .withRequestBody(matchingXPath("//*[local-name()='MaTichHop']/text()", equalTo("037")))
                .withRequestBody(matchingXPath("//*[local-name()='MaDVC']/text()", equalTo("1.001612")))
                .withRequestBody(matchingXPath("//*[local-name()='MaCanBo']/text()", equalTo("CB-0042")))
                .withRequestBody(matchingXPath("//*[local-name()='MaDonVi']/text()", equalTo("000.00.12.H12")))
                .withRequestBody(matchingXPath("//*[local-name()='HoVaTen']/text()", equalTo("NGUYENVANAN")))
                .withRequestBody(matchingXPath("//*[local-name()='NgayThangNam']/text()", equalTo("19850314")))
                .withRequestBody(matchingXPath("//*[local-name()='MaYeuCau']/text()", containing("LGSPHUB"))));
    }

    @Test
    void theNameMatchesWithoutDiacriticsCaseOrSpaces() {
        assertThat(complete("079190004567", "fullName=TRAN%20THI%20BINH&birthDate=1990-07-22").status()).isEqualTo(200);
        assertThat(complete("079190004567", "fullName=tr%E1%BA%A7nth%E1%BB%8Bb%C3%ACnh&birthDate=1990-07-22").status())
                .isEqualTo(200);
    }

    @Test
    void aCitizenKnownByTheYearOfBirthOnlyHasNoDateAndUnknownCodesKeepTheirCode() {
        Response response = complete("001055000321", "fullName=%C4%90%E1%BB%97%20V%C4%83n%20T%C6%B0&birthDate=1955");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode c = response.json();
        assertThat(c.path("dateOfBirth").isNull()).isTrue();
        assertThat(c.path("birthYear").asInt()).isEqualTo(1955);
        assertThat(c.path("gender").isNull()).as("GioiTinh 0: no information").isTrue();
        assertThat(c.path("ethnicity").isNull()).isTrue();
        assertThat(c.path("ethnicityCode").asText()).isEqualTo("77");
        MOCKS.verify(1, postRequestedFor(urlPathEqualTo(SOAP_PATH))
                .withRequestBody(matchingXPath("//*[local-name()='NgayThangNamSinh']/*[local-name()='Nam']/text()",
                        equalTo("1955")))
                .withRequestBody(matchingXPath("//*[local-name()='HoVaTen']/text()", equalTo("DOVANTU"))));
    }

    @Test
    void aNameOrBirthDateThatDoesNotMatchIsNotFound() {
        String wrongNameId = correlationId("cit-wrong-name");
        Response wrongName = complete("074085000123", "fullName=Nguy%E1%BB%85n%20V%C4%83n%20B&birthDate=1985-03-14",
                "X-Correlation-Id", wrongNameId);
        Response wrongDate = complete("074085000123", "fullName=Nguy%E1%BB%85n%20V%C4%83n%20An&birthDate=1985-03-15");

        assertThat(wrongName.status()).isEqualTo(404);
        assertThat(wrongName.json().path("code").asText()).isEqualTo("source.not_found");
        assertThat(wrongDate.status()).isEqualTo(404);
        assertThat(outcomeOf(wrongNameId)).isEqualTo("NOT_FOUND");
    }

    @Test
    void aProcedureNotLicensedForPopulationDataIsRefusedAndTheBreakerIgnoresIt() {
        String refusedId = correlationId("cit-refused");
        for (int i = 0; i < 12; i++) {
            Response refused = complete("074085000123", CitizenLookups.query("074085000123"),
                    "X-Procedure-Code", "2.000000", "X-Correlation-Id", refusedId + "-" + i);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("code").asText()).isEqualTo("source.refused");
            assertThat(refused.json().path("detail").asText()).contains("(004)");
        }
        assertThat(outcomeOf(refusedId + "-0")).isEqualTo("REFUSED");
        assertThat(sources.breaker("citizens").getState().name()).isEqualTo("CLOSED");
        assertThat(complete("074085000123", CitizenLookups.query("074085000123")).status()).isEqualTo(200);
    }

    @Test
    void anOfficerTheDatabaseDoesNotAuthoriseIsRefused() {
        Response refused = citizen("074085000123", CitizenLookups.query("074085000123"),
                "X-Officer-Id", "officer-not-authorised", "X-Agency-Code", "000.00.12.H12");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("code").asText()).isEqualTo("source.refused");
        assertThat(refused.json().path("detail").asText()).contains("(005)");
    }

    @Test
    void aLookupWithoutWhatTheDatabaseMatchesIsRefusedNamingEachAndNothingLeaves() {
        String missingId = correlationId("cit-missing");
        Response response = citizen("074085000123", null, "X-Correlation-Id", missingId);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(fields(response)).containsExactly("fullName", "birthDate", "X-Officer-Id", "X-Agency-Code");
        assertThat(outcomeOf(missingId)).isEqualTo("INVALID");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void aBrokenNameOrBirthDateIsRefusedNamingIt() {
        assertThat(fields(complete("074085000123", "fullName=An%3Cscript%3E&birthDate=1985-03-14")))
                .containsExactly("fullName");
        assertThat(fields(complete("074085000123", "fullName=An&birthDate=14%2F03%2F1985")))
                .containsExactly("birthDate");
        assertThat(fields(complete("074085000123", "fullName=An&birthDate=2999-01-01"))).containsExactly("birthDate");
        assertThat(fields(complete("074085000123", "fullName=An&birthDate=1899"))).containsExactly("birthDate");
        assertThat(fields(complete("074085000123", "fullName=An&fullName=Binh&birthDate=1985"))).containsExactly("fullName");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void theGenericPathTakesTheSameInputs() {
        Response found = get("/api/v1/lookups/citizens/074085000123?" + CitizenLookups.query("074085000123"),
                PROVINCIAL_KEY, "X-Dossier-Id", "D-CIT-2", "X-Procedure-Code", "1.001612");
        Response missing = get("/api/v1/lookups/citizens/074085000123", PROVINCIAL_KEY, "X-Dossier-Id", "D-CIT-2",
                "X-Procedure-Code", "1.001612", CitizenLookups.AS_IS, "yes");

        assertThat(found.status()).isEqualTo(200);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(fields(missing)).contains("fullName", "birthDate");
    }

    @Test
    void aStoredCopyAnswersOnlyALookupWhoseNameAndBirthDateMatchIt() {
        SourceProperties.Source settings = sources.settings("citizens");
        sources.apply("citizens", settings.withReuse(SourceProperties.ReuseMode.PREFER_COPY, 3600));
        assertThat(complete("074085000123", CitizenLookups.query("074085000123")).header("X-Hub-Served-From"))
                .isEqualTo("source");

        Response again = complete("074085000123", CitizenLookups.query("074085000123"));
        Response otherName = complete("074085000123", "fullName=Nguy%E1%BB%85n%20V%C4%83n%20B&birthDate=1985-03-14");

        assertThat(again.header("X-Hub-Served-From")).isEqualTo("reuse-store");
        assertThat(otherName.status()).as("the database is asked, and finds no such citizen").isEqualTo(404);
        MOCKS.verify(2, postRequestedFor(urlPathEqualTo(SOAP_PATH)));
    }

    @Test
    void aFailingDatabaseIsNotCoveredByACopyTheLookupDoesNotMatch() {
        sources.apply("citizens", sources.settings("citizens").withReuse(SourceProperties.ReuseMode.FALLBACK, 3600));
        assertThat(complete("074085000123", CitizenLookups.query("074085000123")).status()).isEqualTo(200);
        MOCKS.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(SOAP_PATH)).atPriority(0)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(502)));

        Response matching = complete("074085000123", CitizenLookups.query("074085000123"));
        Response otherDate = complete("074085000123", "fullName=Nguy%E1%BB%85n%20V%C4%83n%20An&birthDate=1985");
        Response otherName = complete("074085000123", "fullName=Nguy%E1%BB%85n%20V%C4%83n%20B&birthDate=1985");

        assertThat(matching.header("X-Hub-Served-From")).as(matching.body()).isEqualTo("reuse-store");
        assertThat(otherDate.header("X-Hub-Served-From")).as("a year matches a full date").isEqualTo("reuse-store");
        assertThat(otherName.status()).isEqualTo(502);
    }

    @Test
    void aProvinceWhoseLgspTakesJsonSpeaksTheJsonFormThroughItsRouteFile() throws IOException {
        originalRoute = Files.readString(ROUTE, StandardCharsets.UTF_8);
        Files.writeString(ROUTE, originalRoute.replace("/dancuquocgia/TraCuuThongTinCongDan", LGSP_PATH)
                .replace("populationRequests?method=soap", "populationRequests?method=lgspJson")
                .replace("application/xml", "application/json"), StandardCharsets.UTF_8);
        assertThat(admin("/api/v1/admin/routes/reload").status()).isEqualTo(200);

        Response found = complete("001055000321", CitizenLookups.query("001055000321"));
        Response notFound = complete("074085000123", "fullName=Someone%20Else&birthDate=1985-03-14");
        Response refused = complete("074085000123", CitizenLookups.query("074085000123"), "X-Procedure-Code", "2.000000");
        Response failing = complete("074085000500", "fullName=Any&birthDate=1985");

        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().path("birthYear").asInt()).isEqualTo(1955);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asText()).contains("(004)");
        assertThat(failing.status()).isEqualTo(502);
        MOCKS.verify(postRequestedFor(urlPathEqualTo(LGSP_PATH))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.HoVaTen", equalTo("DOVANTU")))
                .withRequestBody(matchingJsonPath("$.Nam", equalTo("1955")))
                .withRequestBody(matchingJsonPath("$.MaTichHop", equalTo("037"))));
    }

    private static List<String> fields(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return StreamSupport.stream(response.json().path("errors").spliterator(), false)
                .map(e -> e.path("field").asText()).toList();
    }
}
