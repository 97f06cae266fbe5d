package vn.lgsp.hub.security;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/** docs/api.md §1: an API key identifies a client; roles and source grants decide what it may call. */
class ApiKeySecurityIT extends HubIT {

    private static final String CITIZEN = "/api/v1/citizens/074085000123";
    private static final String PARCEL = "/api/v1/land-parcels/25747/12/345";
    private static final String[] CONTEXT = {"X-Dossier-Id", "D-1", "X-Procedure-Code", "1.001612"};

    @Test
    void missingKeyAnswers401AndNeverReachesTheSource() {
        Response response = get(CITIZEN, null, CONTEXT);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("code").asText()).isEqualTo("client.unauthenticated");
        assertThat(response.json().path("detail").asText()).isEqualTo("X-API-Key header is required");
        assertThat(response.header("X-Hub-Error")).isEqualTo("client.unauthenticated");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void unknownKeyAnswers401() {
        Response response = get(CITIZEN, "not-a-key", CONTEXT);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("detail").asText()).isEqualTo("Unknown API key");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void clientWithoutTheSourceGrantAnswers403() {
        Response response = get(CITIZEN, LAND_OFFICE_KEY, CONTEXT);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("code").asText()).isEqualTo("client.forbidden");
        assertThat(response.header("X-Hub-Error")).isEqualTo("client.forbidden");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void clientWithTheSourceGrantIsServed() {
        assertThat(get(PARCEL, LAND_OFFICE_KEY, CONTEXT).status()).isEqualTo(200);
    }

    @Test
    void auditorHasNoLookupRoleAnd403() {
        assertThat(get(PARCEL, AUDITOR_KEY, CONTEXT).status()).isEqualTo(403);
    }

    @Test
    void adminHasNoLookupRoleAnd403() {
        assertThat(get(CITIZEN, ADMIN_KEY, CONTEXT).status()).isEqualTo(403);
    }

    @Test
    void adminAreaIsForbiddenToClients() {
        Response response = get("/api/v1/admin/routes", PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("code").asText()).isEqualTo("client.forbidden");
    }

    @Test
    void operationsEndpointsNeedNoKey() {
        assertThat(get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", null).status()).isEqualTo(200);
        assertThat(get("/v3/api-docs", null).status()).isEqualTo(200);
    }

    @Test
    void theKeyIsNeverEchoedNorForwarded() {
        Response response = get(CITIZEN, PROVINCIAL_KEY, CONTEXT);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw().headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-API-Key"));
        assertThat(MOCKS.findAll(anyRequestedFor(DATABASE_CALLS)))
                .allSatisfy(r -> assertThat(r.containsHeader("X-API-Key")).isFalse());
    }
}
