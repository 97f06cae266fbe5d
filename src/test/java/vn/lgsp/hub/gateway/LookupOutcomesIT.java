package vn.lgsp.hub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.lgsp.hub.support.HubIT;

/**
 * Every outcome of a lookup, for each national database, as the provincial system sees it:
 * status, stable code, and what reached (or did not reach) the national database.
 */
class LookupOutcomesIT extends HubIT {

    /** A source's fixture subjects in mock-endpoints/ (docs/api.md §8 and the extra fault triggers). */
    record Fixture(String source, String upstreamPath, String found, String notFound, String invalid,
                   String invalidCode, String failing, String malformed, String slow) {

        @Override
        public String toString() {
            return source;
        }
    }

    static Stream<Fixture> sources() {
        return Stream.of(
                new Fixture("citizens", "/dancuquocgia/TraCuuThongTinCongDan",
                        "/api/v1/citizens/074085000123", "/api/v1/citizens/074085999999",
                        "/api/v1/citizens/999085000123", "client.invalid_personal_id",
                        "/api/v1/citizens/074085000500", "/api/v1/citizens/074085000502",
                        "/api/v1/citizens/074085000504"),
                new Fixture("enterprises", "/apiCSDLDKDN/1.0/chiTietDoanhNghiep",
                        "/api/v1/enterprises/0100233488", "/api/v1/enterprises/3700012341",
                        "/api/v1/enterprises/0100233489", "client.invalid_enterprise_code",
                        "/api/v1/enterprises/3700987651", "/api/v1/enterprises/3700987676",
                        "/api/v1/enterprises/3700987669"),
                new Fixture("land", "/vbdlis/api/thuadat",
                        "/api/v1/land-parcels/25747/12/345", "/api/v1/land-parcels/25747/99/9999",
                        "/api/v1/land-parcels/2574/12/345", "client.invalid_land_parcel",
                        "/api/v1/land-parcels/25747/99/500", "/api/v1/land-parcels/25747/99/502",
                        "/api/v1/land-parcels/25747/99/504"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void foundAnswers200FromTheSourceWithTheCorrelationIdItWasGiven(Fixture f) {
        Response response = get(f.found(), PROVINCIAL_KEY, "X-Dossier-Id", "D-1", "X-Procedure-Code", "1.001612",
                "X-Correlation-Id", "it-found-" + f.source());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("X-Hub-Served-From")).isEqualTo("source");
        assertThat(response.header("X-Correlation-Id")).isEqualTo("it-found-" + f.source());
        assertThat(response.json().path("retrievedAt").asText()).isNotEmpty();
        MOCKS.verify(1, anyRequestedFor(urlPathMatching(f.upstreamPath()))
                .withHeader("X-Correlation-Id", equalTo("it-found-" + f.source()))
                .withoutHeader("X-API-Key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void unknownSubjectAnswers404SourceNotFound(Fixture f) {
        Response response = lookup(f.notFound());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("code").asText()).isEqualTo("source.not_found");
        assertThat(response.header("X-Hub-Error")).isEqualTo("source.not_found");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void invalidIdentifierAnswers400AndNeverReachesTheSource(Fixture f) {
        Response response = lookup(f.invalid());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo(f.invalidCode());
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void missingContextHeadersAnswer400AndNeverReachTheSource(Fixture f) {
        Response response = get(f.found(), PROVINCIAL_KEY, "X-Procedure-Code", "1.001612");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Dossier-Id");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void upstream500Answers502BadResponseWithoutRetrying(Fixture f) {
        Response response = lookup(f.failing());

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("source.bad_response");
        MOCKS.verify(1, anyRequestedFor(DATABASE_CALLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void malformedUpstreamBodyAnswers502BadResponse(Fixture f) {
        Response response = lookup(f.malformed());

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("source.bad_response");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void slowSourceAnswers504TimeoutAfterItsTimeoutNotItsDelay(Fixture f) {
        long started = System.nanoTime();
        Response response = lookup(f.slow());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.json().path("code").asText()).isEqualTo("source.timeout");
        // the mock answers after 10 s; the test profile's timeout is 1 s
        assertThat(tookMs).isLessThan(8_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void openCircuitAnswers503UnavailableWithoutCallingTheSource(Fixture f) {
        for (int i = 0; i < 10; i++) {
            assertThat(lookup(f.failing()).status()).isEqualTo(502);
        }
        MOCKS.resetRequests();

        Response response = lookup(f.found());

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("code").asText()).isEqualTo("source.unavailable");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
        assertThat(sources.breaker(f.source()).getState().name()).isEqualTo("OPEN");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void notFoundAnswersDoNotOpenTheCircuit(Fixture f) {
        for (int i = 0; i < 12; i++) {
            assertThat(lookup(f.notFound()).status()).isEqualTo(404);
        }

        assertThat(lookup(f.found()).status()).isEqualTo(200);
        assertThat(sources.breaker(f.source()).getState().name()).isEqualTo("CLOSED");
    }

    @Test
    void registryNotFoundIsA200WithGetEntCertNullOrEmpty() {
        for (String code : List.of("3700012341", "3700987690")) {
            Response response = lookup("/api/v1/enterprises/" + code);

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().path("code").asText()).isEqualTo("source.not_found");
            MOCKS.verify(1, getRequestedFor(urlPathEqualTo("/apiCSDLDKDN/1.0/chiTietDoanhNghiep"))
                    .withQueryParam("msdn", equalTo(code)));
        }
        assertThat(sources.breaker("enterprises").getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void registry200WithoutGetEntCertIsABadResponseNotANotFound() {
        MOCKS.stubFor(WireMock.get(urlPathEqualTo("/apiCSDLDKDN/1.0/chiTietDoanhNghiep")).atPriority(0)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"error\"}")));

        Response response = lookup("/api/v1/enterprises/0100233488");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("source.bad_response");
    }

    @Test
    void landAnsweringNoParcelInItsEnvelopeAnswers404() {
        // the land database says "not found" in the body: HTTP 200, data null, status.success true
        Response response = lookup("/api/v1/land-parcels/25747/99/9999");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("code").asText()).isEqualTo("source.not_found");
        MOCKS.verify(1, getRequestedFor(urlPathMatching("/vbdlis/api/thuadat"))
                .withQueryParam("maXa", equalTo("25747")).withQueryParam("soHieuToBanDo", equalTo("99"))
                .withQueryParam("soThuTuThua", equalTo("9999")));
    }

    @Test
    void landAnsweringAnErrorInItsEnvelopeAnswers502WithoutQuotingIt() {
        // HTTP 200 with status.success false
        Response response = lookup("/api/v1/land-parcels/25747/99/501");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("source.bad_response");
        assertThat(response.body()).doesNotContain("Lỗi hệ thống");
        MOCKS.verify(1, anyRequestedFor(DATABASE_CALLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void upstream503IsRetriedThenSucceeds(Fixture f) {
        MOCKS.stubFor(WireMock.any(urlPathMatching(f.upstreamPath())).atPriority(0).inScenario("503-once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));

        Response response = lookup(f.found());

        assertThat(response.status()).isEqualTo(200);
        MOCKS.verify(2, anyRequestedFor(DATABASE_CALLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void upstreamAnswering503EveryTimeAnswers502AfterTheRetries(Fixture f) {
        MOCKS.stubFor(WireMock.any(urlPathMatching(f.upstreamPath())).atPriority(0)
                .willReturn(aResponse().withStatus(503)));

        Response response = lookup(f.found());

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("source.bad_response");
        // the first attempt and hub.http.max-retries (2) retries
        MOCKS.verify(3, anyRequestedFor(DATABASE_CALLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void upstreamAnswering200WithAnEmptyBodyAnswers502(Fixture f) {
        MOCKS.stubFor(WireMock.any(urlPathMatching(f.upstreamPath())).atPriority(0)
                .willReturn(aResponse().withStatus(200)));

        Response response = lookup(f.found());

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("source.bad_response");
    }
}
