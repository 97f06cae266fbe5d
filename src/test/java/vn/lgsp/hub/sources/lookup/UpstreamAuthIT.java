package vn.lgsp.hub.sources.lookup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.support.HubIT;

/**
 * The hub authenticates itself to each national database as configured under
 * {@code hub.sources.<name>.auth} (application-dev.yml): enterprises with NGSP-style OAuth2 client
 * credentials against {@code mock-endpoints/mappings/auth.json}, citizens with the C06 signed
 * scheme and the X-Road headers. What is asserted is what reached the database and, when the
 * credentials fail, what the provincial system is answered.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamAuthIT extends HubIT {

    private static final String ENTERPRISE = "/api/v1/enterprises/0100233488";
    private static final String CITIZEN = "/api/v1/citizens/074085000123";
    private static final String TOKEN_PATH = "/ngsp/token";
    private static final String DEV_TOKEN = "dev-ngsp-access-token";

    @Autowired
    private UpstreamTokens tokens;

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    @BeforeEach
    void noTokenYet() {
        tokens.forgetAll();
        // the database's answer, whatever the path the source's route calls: "no such subject",
        // which needs no mapping and does not count against the breaker
        databaseAnswers(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"MaLoi\":\"KHONG_TIM_THAY\",\"MoTa\":\"Không tìm thấy\"}"));
    }

    @AfterEach
    void forgetTheTestsTokens() {
        tokens.forgetAll();
        logging.setLogLevel("vn.lgsp.hub", LogLevel.WARN);
    }

    private static void databaseAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        MOCKS.stubFor(any(DATABASE_CALLS).atPriority(0).willReturn(answer));
    }

    private static List<LoggedRequest> databaseCalls() {
        return MOCKS.findAll(anyRequestedFor(DATABASE_CALLS));
    }

    private static List<LoggedRequest> tokenRequests() {
        return MOCKS.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    private static String authorization(LoggedRequest request) {
        return request.getHeader("Authorization");
    }

    @Test
    void theTokenIsFetchedOnceAndEveryLookupCarriesIt() {
        for (int i = 0; i < 4; i++) {
            lookup(ENTERPRISE);
        }

        assertThat(tokenRequests()).hasSize(1);
        LoggedRequest tokenRequest = tokenRequests().get(0);
        assertThat(tokenRequest.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(tokenRequest.getBodyAsString()).isEqualTo("grant_type=client_credentials");
        assertThat(authorization(tokenRequest)).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("dev-hub:dev-ngsp-client-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(databaseCalls()).hasSize(4)
                .allSatisfy(call -> assertThat(authorization(call)).isEqualTo("Bearer " + DEV_TOKEN));
        assertThat(tokenCount("issued")).isPositive();
    }

    @Test
    void concurrentLookupsWaitForOneTokenRequest() throws Exception {
        MOCKS.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(0).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(400)
                .withBody("{\"access_token\":\"slow-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(callers.submit(() -> lookup(ENTERPRISE)));
            }
            for (Future<Response> answer : answers) {
                answer.get();
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(tokenRequests()).hasSize(1);
        assertThat(databaseCalls()).hasSize(6)
                .allSatisfy(call -> assertThat(authorization(call)).isEqualTo("Bearer slow-token"));
    }

    @Test
    void aShortLivedTokenIsRenewedBeforeItExpires() throws Exception {
        MOCKS.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(0).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"short-{{randomValue length=16 type='ALPHANUMERIC'}}\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":2}")
                .withTransformers("response-template")));

        for (int i = 0; i < 8; i++) {
            lookup(ENTERPRISE);
            Thread.sleep(450);
        }

        // when each token was issued (the token endpoint's answer), and when each call carrying it arrived
        Map<String, Long> issuedAt = MOCKS.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith(TOKEN_PATH))
                .collect(Collectors.toMap(UpstreamAuthIT::issuedToken,
                        event -> event.getRequest().getLoggedDate().getTime()));
        assertThat(issuedAt).as("the token was renewed while lookups went on").hasSizeGreaterThanOrEqualTo(2);
        List<LoggedRequest> calls = databaseCalls();
        assertThat(calls).hasSize(8);
        for (LoggedRequest call : calls) {
            String token = authorization(call).substring("Bearer ".length());
            assertThat(issuedAt).containsKey(token);
            assertThat(call.getLoggedDate().getTime()).as("a call carried %s after its expiry", token)
                    .isLessThan(issuedAt.get(token) + 2_000);
        }
        // and a token is reused while it is valid: fewer token requests than lookups
        assertThat(issuedAt.size()).isLessThan(8);
    }

    private static String issuedToken(ServeEvent event) {
        try {
            return JSON.readTree(event.getResponse().getBodyAsString()).path("access_token").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theRegistryMockRefusesAnExpiredTokenAndTheHubRenewsItAndAnswers() {
        // the shared mocks as they are (mock-endpoints/mappings): the gateway answers 401 to any token but
        // its current one; the token endpoint first hands out a token that has expired since
        MOCKS.resetToDefaultMappings();
        MOCKS.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(0).inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"dev-ngsp-expired-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}"))
                .willSetStateTo("renewed"));

        Response response = lookup(ENTERPRISE);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("enterpriseCode").asText()).isEqualTo("0100233488");
        assertThat(databaseCalls()).extracting(UpstreamAuthIT::authorization)
                .containsExactly("Bearer dev-ngsp-expired-token", "Bearer " + DEV_TOKEN);
        assertThat(tokenRequests()).hasSize(2);
    }

    @Test
    void thePopulationMockRefusesACallWithoutThePlatformsHeaders() {
        MOCKS.resetToDefaultMappings();
        SourceProperties.Source s = sources.settings("citizens");
        sources.apply("citizens", new SourceProperties.Source(s.baseUrl(), s.timeoutMs(), s.connectTimeoutMs(),
                s.enabled(), s.maxConcurrentCalls(), s.circuitBreaker(), s.reuseMode(), s.reuseTtlSeconds(),
                s.subjectPattern(), s.fields(), null));

        Response response = lookup(CITIZEN);

        // a source configured without credentials takes the 401 as any failure of the database
        assertThat(response.status()).as(response.body()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("source.bad_response");
        assertThat(databaseCalls()).singleElement().satisfies(call -> assertThat(call.getHeader("ApiKey")).isNull());
        sources.restoreConfigured();
        assertThat(lookup(CITIZEN).status()).as("with them").isEqualTo(200);
    }

    @Test
    void aDatabaseAnswering401GetsOneRetryWithANewToken() {
        MOCKS.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(0).inScenario("tokens")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"token-a\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        MOCKS.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(0).inScenario("tokens")
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"token-b\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        // the database no longer accepts token-a (revoked before its expiry)
        MOCKS.stubFor(any(DATABASE_CALLS).atPriority(0).withHeader("Authorization", equalTo("Bearer token-a"))
                .willReturn(aResponse().withStatus(401)));

        lookup(ENTERPRISE);

        assertThat(tokenRequests()).hasSize(2);
        assertThat(databaseCalls()).extracting(UpstreamAuthIT::authorization)
                .containsExactly("Bearer token-a", "Bearer token-b");

        // the new token is kept
        lookup(ENTERPRISE);
        assertThat(tokenRequests()).hasSize(2);
    }

    @Test
    void aDatabaseRefusingTheNewTokenTooAnswers503NotARetryLoop(CapturedOutput output) {
        databaseAnswers(aResponse().withStatus(401));

        Response response = lookup(ENTERPRISE);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("code").asText()).isEqualTo("source.unavailable");
        assertThat(response.json().path("detail").asText())
                .isEqualTo("The enterprises database refused the hub's credentials");
        assertThat(tokenRequests()).hasSize(2);
        assertThat(databaseCalls()).hasSize(2);
        assertThat(output.getAll()).contains("source=enterprises status=401").doesNotContain(DEV_TOKEN);
    }

    @Test
    void aDatabaseAnswering403IsNotRetriedAndAnswers503() {
        databaseAnswers(aResponse().withStatus(403));

        Response response = lookup(ENTERPRISE);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("detail").asText())
                .isEqualTo("The enterprises database refused the hub's credentials");
        assertThat(databaseCalls()).hasSize(1);
    }

    @Test
    void aTokenEndpointRefusingTheCredentialsAnswers503AndLogsNoSecret(CapturedOutput output) {
        logging.setLogLevel("vn.lgsp.hub", LogLevel.DEBUG);
        // what an operator's wrong secret gets from the token endpoint of mock-endpoints/mappings/auth.json
        SourceProperties.Source configured = sources.settings("enterprises");
        SourceProperties.OAuth2 wrong = new SourceProperties.OAuth2("/ngsp/token", "dev-hub", "a-wrong-secret-1234",
                null, SourceProperties.ClientAuthentication.BASIC, 60);
        sources.apply("enterprises", withAuth(configured, new SourceProperties.Auth(wrong, null, Map.of())));
        int failuresBefore = sources.breaker("enterprises").getMetrics().getNumberOfFailedCalls();

        Response response = lookup(ENTERPRISE);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("code").asText()).isEqualTo("source.unavailable");
        assertThat(response.json().path("detail").asText())
                .isEqualTo("The enterprises database's token endpoint refused the hub's credentials");
        assertThat(response.body()).doesNotContain("invalid_client");
        assertThat(databaseCalls()).as("no call without a token").isEmpty();
        assertThat(sources.breaker("enterprises").getMetrics().getNumberOfFailedCalls()).isEqualTo(failuresBefore + 1);
        assertThat(tokenCount("refused")).isPositive();
        String logged = output.getAll();
        assertThat(logged).contains("source=enterprises status=401");
        String basic = Base64.getEncoder().encodeToString("dev-hub:a-wrong-secret-1234".getBytes(StandardCharsets.UTF_8));
        for (String secret : List.of("a-wrong-secret-1234", basic, "invalid_client", "dev-ngsp-client-secret")) {
            assertThat(logged).as("log output").doesNotContain(secret);
        }
    }

    @Test
    void aTokenEndpointThatCannotBeReachedAnswers503() {
        MOCKS.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(0)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Response response = lookup(ENTERPRISE);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("code").asText()).isEqualTo("source.unavailable");
        assertThat(response.json().path("detail").asText())
                .isEqualTo("The enterprises database's token endpoint could not be reached");
        assertThat(databaseCalls()).isEmpty();
    }

    @Test
    void anUnreadableTokenAnswerAnswers503() {
        MOCKS.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(0).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>login</html>")));

        Response response = lookup(ENTERPRISE);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("detail").asText())
                .isEqualTo("The enterprises database's token endpoint answered with no usable access token");
    }

    @Test
    void theCallersOwnCredentialsNeverReachTheDatabase() {
        for (String path : List.of(ENTERPRISE, CITIZEN)) {
            get(path, PROVINCIAL_KEY, "X-Dossier-Id", "000.00.12.H12-261120-0001", "X-Procedure-Code", "1.001612",
                    "Authorization", "Basic Y2FsbGVyOmNhbGxlci1wYXNzd29yZA==");
        }

        List<LoggedRequest> calls = databaseCalls();
        assertThat(calls).hasSize(2).allSatisfy(call -> {
            assertThat(call.containsHeader("X-API-Key")).isFalse();
            assertThat(authorization(call)).isNotEqualTo("Basic Y2FsbGVyOmNhbGxlci1wYXNzd29yZA==");
        });
        assertThat(tokenRequests()).allSatisfy(request -> assertThat(request.containsHeader("X-API-Key")).isFalse());
    }

    @Test
    void theCitizensDatabaseGetsTheSignedAuthorizationAndTheXRoadHeaders() throws Exception {
        long before = System.currentTimeMillis();
        lookup(CITIZEN);
        long after = System.currentTimeMillis();

        List<LoggedRequest> calls = databaseCalls();
        assertThat(calls).hasSize(1);
        LoggedRequest call = calls.get(0);
        String timestamp = call.getHeader("Timestamp");
        assertThat(Long.parseLong(timestamp)).isBetween(before, after);
        // recomputed here: Basic base64(username + ":" + sha256hex(url + username + timestamp + secret))
        String url = sources.settings("citizens").baseUrl().toString();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((url + "dev-hub" + timestamp + "dev-c06-secret-key").getBytes(StandardCharsets.UTF_8)));
        assertThat(authorization(call)).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("dev-hub:" + hash).getBytes(StandardCharsets.UTF_8)));
        assertThat(call.getHeader("X-Road-Client")).isEqualTo("VN/GOV/000.00.00.H12/LGSP-HUB");
        assertThat(call.getHeader("ApiKey")).isEqualTo("dev-ndxp-api-key");
        assertThat(tokenRequests()).as("the signed scheme needs no token").isEmpty();
    }

    @Test
    void aRetriedCallIsSignedAfreshAndADatabaseRefusingTheSignatureAnswers503() {
        // a 503 is retried (hub.http.max-retries): each attempt has its own Timestamp and signature
        MOCKS.stubFor(any(DATABASE_CALLS).atPriority(0).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("refusing").willReturn(aResponse().withStatus(503).withFixedDelay(20)));
        MOCKS.stubFor(any(DATABASE_CALLS).atPriority(0).inScenario("busy").whenScenarioStateIs("refusing")
                .willReturn(aResponse().withStatus(401)));

        Response response = lookup(CITIZEN);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("detail").asText())
                .isEqualTo("The citizens database refused the hub's credentials");
        List<LoggedRequest> calls = databaseCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getHeader("Timestamp")).isNotEqualTo(calls.get(1).getHeader("Timestamp"));
        assertThat(authorization(calls.get(0))).isNotEqualTo(authorization(calls.get(1)));
    }

    @Test
    void theAdminApiShowsNoCredentialsAndAnAdministratorsChangeKeepsThem() {
        Response settings = get("/api/v1/admin/sources/enterprises", ADMIN_KEY);
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body()).doesNotContain("dev-ngsp-client-secret").doesNotContain("dev-hub")
                .doesNotContain("/ngsp/token").doesNotContain("auth");

        com.fasterxml.jackson.databind.node.ObjectNode changed =
                (com.fasterxml.jackson.databind.node.ObjectNode) settings.json();
        changed.put("timeoutMs", 1500);
        Response put = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/admin/sources/enterprises"))
                .header("X-API-Key", ADMIN_KEY).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(changed.toString())).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).doesNotContain("dev-ngsp-client-secret");

        lookup(ENTERPRISE);

        assertThat(databaseCalls()).hasSize(1)
                .allSatisfy(call -> assertThat(authorization(call)).isEqualTo("Bearer " + DEV_TOKEN));
    }

    @Test
    void eachCallIsPlainAndCarriesNothingOfTheLastOne() {
        databaseAnswers(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withHeader("Set-Cookie", "JSESSIONID=from-the-database; Path=/")
                .withBody("{\"MaLoi\":\"KHONG_TIM_THAY\",\"MoTa\":\"Không tìm thấy\"}"));

        lookup(ENTERPRISE);
        lookup(ENTERPRISE);

        // no cookie kept from one call for the next, and no compressed answer asked for
        assertThat(databaseCalls()).hasSize(2).allSatisfy(call -> {
            assertThat(call.containsHeader("Cookie")).as("Cookie").isFalse();
            assertThat(call.containsHeader("Accept-Encoding")).as("Accept-Encoding").isFalse();
        });
    }

    private static SourceProperties.Source withAuth(SourceProperties.Source s, SourceProperties.Auth auth) {
        return new SourceProperties.Source(s.baseUrl(), s.timeoutMs(), s.connectTimeoutMs(), s.enabled(),
                s.maxConcurrentCalls(), s.circuitBreaker(), s.reuseMode(), s.reuseTtlSeconds(), s.subjectPattern(),
                s.fields(), auth);
    }

    private double tokenCount(String outcome) {
        Counter counter = meters.find("hub.upstream.tokens").tags("source", "enterprises", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
