package vn.lgsp.hub.security;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.OAuth2HubIT;
import vn.lgsp.hub.support.TokenIssuer;

/**
 * Alternative identification by OAuth2 bearer tokens: a JWT signed by the configured issuer's key
 * identifies a client, with its roles and source grants taken from the token's claims. The hub runs
 * in a context of its own ({@link OAuth2HubIT}) that trusts the test issuer's key.
 */
class OAuth2BearerTokenIT extends OAuth2HubIT {

    private static final String CITIZEN = "/api/v1/citizens/074085000123";
    private static final TokenIssuer ISSUER = IDENTITY_PROVIDER.issuer();
    private static final TokenIssuer STRANGER = new TokenIssuer();

    private static String token(Map<String, Object> claims) {
        return ISSUER.token(claims);
    }

    private static Map<String, Object> client(String id, List<String> roles, List<String> sources) {
        return TokenIssuer.client(id, roles, sources);
    }

    private Response lookupWith(String bearer, String correlationId, String... more) {
        List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + bearer,
                "X-Dossier-Id", "OAUTH2-D1", "X-Procedure-Code", "1.001612", "X-Correlation-Id", correlationId));
        headers.addAll(List.of(more));
        return get(CITIZEN, null, headers.toArray(String[]::new));
    }

    private static String id(String name) {
        return name + "-" + System.nanoTime();
    }

    private void assertUnauthenticated(Response response, String detail) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("X-Hub-Error")).isEqualTo("client.unauthenticated");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(response.json().path("code").asText()).isEqualTo("client.unauthenticated");
        assertThat(response.json().path("status").asInt()).isEqualTo(401);
        assertThat(response.json().path("detail").asText()).contains(detail);
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    private List<Map<String, Object>> auditRows(String correlationId) {
        return jdbc.queryForList("SELECT actor, action, outcome, detail FROM audit_event WHERE correlation_id = ?",
                correlationId);
    }

    @Test
    void aTokenWithTheClientRoleAndTheGrantIsServedAndItsClientIsInTheLedger() {
        String correlationId = id("oauth2-ok");
        Response response = lookupWith(token(client("district-one", List.of("CLIENT"), List.of("citizens"))),
                correlationId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("personalId").asText()).isEqualTo("074085000123");
        assertThat(ledgerTables().queryForList("SELECT client_id, dossier_id, outcome FROM lookup_ledger WHERE correlation_id = ?",
                correlationId)).containsExactly(Map.of("client_id", "district-one", "dossier_id", "OAUTH2-D1",
                "outcome", "FOUND"));
        // the caller's token never travels on: the population database gets the hub's own signed credential
        assertThat(MOCKS.findAll(anyRequestedFor(DATABASE_CALLS)))
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).startsWith("Basic ").doesNotContain("Bearer"));
    }

    @Test
    void aTokenWithoutTheSourceGrantIsForbiddenAndCountedForItsClient() {
        String correlationId = id("oauth2-403");
        double refused = refusals("client.forbidden", "district-two");
        Response response = lookupWith(token(client("district-two", List.of("CLIENT"), List.of("land"))),
                correlationId);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("code").asText()).isEqualTo("client.forbidden");
        assertThat(response.header("X-Hub-Error")).isEqualTo("client.forbidden");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
        assertThat(refusals("client.forbidden", "district-two")).isEqualTo(refused + 1);
        assertThat(auditRows(correlationId)).isEmpty();
    }

    @Test
    void anAuditorTokenReadsReportsButLooksNothingUp() {
        String auditor = token(client("provincial-inspectorate", List.of("AUDITOR"), List.of()));

        Response report = get("/api/v1/reports/reuse?from=2026-11-01&to=2026-11-30", null,
                "Authorization", "Bearer " + auditor);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().has("reuseRate")).isTrue();

        assertThat(lookupWith(auditor, id("oauth2-auditor")).status()).isEqualTo(403);
    }

    @Test
    void aClientTokenReadsNoReports() {
        String client = token(client("district-one", List.of("CLIENT"), List.of("citizens")));

        assertThat(get("/api/v1/reports/reuse", null, "Authorization", "Bearer " + client).status()).isEqualTo(403);
    }

    @Test
    void anExpiredTokenIs401AndCounted() {
        String correlationId = id("oauth2-expired");
        String expired = ISSUER.token(Instant.now().minusSeconds(600),
                client("district-one", List.of("CLIENT"), List.of("citizens")));
        double refused = refusals("client.unauthenticated", "anonymous");

        assertUnauthenticated(lookupWith(expired, correlationId), "expired");
        assertThat(refusals("client.unauthenticated", "anonymous")).isEqualTo(refused + 1);
        assertThat(auditRows(correlationId)).isEmpty();
    }

    @Test
    void aTokenSignedByAnotherKeyIs401() {
        String forged = STRANGER.token(Instant.now().plusSeconds(300),
                client("district-one", List.of("CLIENT"), List.of("citizens")));

        assertUnauthenticated(lookupWith(forged, id("oauth2-forged")), "not signed by a trusted key");
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        Map<String, Object> claims = new HashMap<>(client("district-one", List.of("CLIENT"),
                List.of("citizens")));
        claims.put("aud", "another-service");

        assertUnauthenticated(lookupWith(token(claims), id("oauth2-aud")), "aud");
    }

    @Test
    void aTokenThatNamesNoClientIs401() {
        assertUnauthenticated(lookupWith(token(Map.of("roles", List.of("CLIENT"), "sources", List.of("citizens"))),
                id("oauth2-noclient")), "names no client");
    }

    @Test
    void aMalformedTokenIs401() {
        assertUnauthenticated(lookupWith("not.a.jwt", id("oauth2-malformed")), "Invalid bearer token");
    }

    @Test
    void withoutAnyCredentialTheAnswerNamesBoth() {
        Response response = get(CITIZEN, null, "X-Dossier-Id", "D", "X-Procedure-Code", "1.001612");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.json().path("detail").asText())
                .isEqualTo("A credential is required: an X-API-Key header or a bearer token");
    }

    @Test
    void anApiKeyIsTheOnlyCredentialOfARequestThatHasOne() {
        String citizensToken = token(client("district-one", List.of("CLIENT"), List.of("citizens")));
        // the land office's key has no citizens grant: the token beside it does not add one
        assertThat(lookupWith(citizensToken, id("oauth2-both"), "X-API-Key", LAND_OFFICE_KEY).status())
                .isEqualTo(403);

        String correlationId = id("oauth2-key-wins");
        String expired = ISSUER.token(Instant.now().minusSeconds(600),
                client("district-one", List.of("CLIENT"), List.of("citizens")));
        assertThat(lookupWith(expired, correlationId, "X-API-Key", PROVINCIAL_KEY).status()).isEqualTo(200);
        assertThat(ledgerTables().queryForObject("SELECT client_id FROM lookup_ledger WHERE correlation_id = ?", String.class,
                correlationId)).isEqualTo("provincial-ap-system");
    }

    @Test
    void apiKeysKeepWorkingAlone() {
        assertThat(lookup(CITIZEN).status()).isEqualTo(200);
        assertThat(get(CITIZEN, "not-a-key", "X-Dossier-Id", "D", "X-Procedure-Code", "1.001612").json()
                .path("detail").asText()).isEqualTo("Unknown API key");
    }
}
