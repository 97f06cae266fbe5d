package vn.lgsp.hub.security;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/** Issue: per-client rate limits answer 429 client.rate_limited with Retry-After, before any source is called. */
class RateLimitIT extends HubIT {

    private static final String[] CONTEXT = {"X-Dossier-Id", "RL-1", "X-Procedure-Code", "1.004227"};

    @Test
    void aClientOverItsRateIsRefusedWith429AndRetryAfter() {
        rateLimits.limit("land-office", 2);

        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(get("/api/v1/land-parcels/25747/12/345", LAND_OFFICE_KEY, CONTEXT));
        }

        List<Response> refused = responses.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).isNotEmpty();
        Response first = refused.get(0);
        assertThat(first.json().path("code").asText()).isEqualTo("client.rate_limited");
        assertThat(first.header("X-Hub-Error")).isEqualTo("client.rate_limited");
        assertThat(Long.parseLong(first.header("Retry-After"))).isPositive();
        long served = responses.stream().filter(r -> r.status() == 200).count();
        MOCKS.verify((int) served, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void oneClientsLimitDoesNotSlowAnother() {
        rateLimits.limit("land-office", 1);
        for (int i = 0; i < 3; i++) {
            get("/api/v1/land-parcels/25747/12/345", LAND_OFFICE_KEY, CONTEXT);
        }

        assertThat(get("/api/v1/land-parcels/25747/12/345", PROVINCIAL_KEY, CONTEXT).status()).isEqualTo(200);
    }

    @Test
    void unauthenticatedRequestsAreNotCountedAgainstAClient() {
        rateLimits.limit("land-office", 1);
        for (int i = 0; i < 5; i++) {
            assertThat(get("/api/v1/land-parcels/25747/12/345", "wrong-key", CONTEXT).status()).isEqualTo(401);
        }

        assertThat(get("/api/v1/land-parcels/25747/12/345", LAND_OFFICE_KEY, CONTEXT).status()).isEqualTo(200);
    }
}
