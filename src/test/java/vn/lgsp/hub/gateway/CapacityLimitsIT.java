package vn.lgsp.hub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.SecondContext;

/**
 * The hub's two capacity limits over real HTTP, in a context of its own with both set low: one pooled
 * connection per source ({@code hub.http.max-connections-per-source}) and two API requests in progress
 * ({@code hub.admission.max-in-flight}). The held calls are the mocks' slow subjects (10 s), which the
 * hub gives up on after the 4 s timeout set here. Both sources have the same base URL (the one
 * WireMock) and timeouts, and each still has its own pool: the second test holds one call on each.
 */
class CapacityLimitsIT extends HubIT {

    private static final String SLOW_CITIZEN = "/api/v1/citizens/074085000504";
    private static final String SLOW_ENTERPRISE = "/api/v1/enterprises/3700987669";
    private static final String CITIZEN = "/api/v1/citizens/074085000123";
    private static final int CONNECT_TIMEOUT_MS = 300;
    private static final RequestPatternBuilder SLOW_CITIZEN_CALL =
            postRequestedFor(urlPathEqualTo("/dancuquocgia/TraCuuThongTinCongDan"))
                    .withRequestBody(containing("<dan:SoDinhDanh>074085000504</dan:SoDinhDanh>"));

    /** The held lookups' own threads: the common pool may have a single one on a small machine. */
    private final ExecutorService clients = Executors.newFixedThreadPool(2);

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @DynamicPropertySource
    static void lowLimits(DynamicPropertyRegistry registry) {
        SecondContext.register(registry, "./target/test-data-capacity");
        registry.add("hub.http.max-connections-per-source", () -> "1");
        registry.add("hub.admission.max-in-flight", () -> "2");
        // both sources on the same WireMock with the same timeouts: each still has its own pool
        for (String source : new String[] {"citizens", "enterprises"}) {
            registry.add("hub.sources." + source + ".timeout-ms", () -> "4000");
            registry.add("hub.sources." + source + ".connect-timeout-ms", () -> Integer.toString(CONNECT_TIMEOUT_MS));
        }
    }

    @Test
    void aLookupThatGetsNoPooledConnectionInTimeIs503SourceUnavailableAndNeverReachesTheSource() throws Exception {
        CompletableFuture<Response> holding = CompletableFuture.supplyAsync(() -> lookup(SLOW_CITIZEN), clients);
        awaitCallInProgress(SLOW_CITIZEN_CALL);

        long started = System.nanoTime();
        Response refused = lookup(CITIZEN);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().path("code").asText()).isEqualTo("source.unavailable");
        assertThat(refused.header("X-Hub-Error")).isEqualTo("source.unavailable");
        // refused after waiting the connect timeout for a connection, not after the source's 4 s timeout
        assertThat(tookMs).isGreaterThanOrEqualTo(CONNECT_TIMEOUT_MS).isLessThan(3000);
        assertThat(MOCKS.findAll(postRequestedFor(urlPathEqualTo("/dancuquocgia/TraCuuThongTinCongDan"))
                    .withRequestBody(containing("<dan:SoDinhDanh>074085000123</dan:SoDinhDanh>")))).isEmpty();

        assertThat(holding.get(10, TimeUnit.SECONDS).status()).isEqualTo(504);
        // the connection is back in the pool
        assertThat(lookup(CITIZEN).status()).isEqualTo(200);
    }

    @Test
    void aRequestPastTheInFlightLimitIs503HubOverloadedWithRetryAfterWhileHealthStillAnswers() throws Exception {
        double refusedBefore = meters.counter("hub.requests.refused").count();
        CompletableFuture<Response> citizen = CompletableFuture.supplyAsync(() -> lookup(SLOW_CITIZEN), clients);
        CompletableFuture<Response> enterprise = CompletableFuture.supplyAsync(() -> lookup(SLOW_ENTERPRISE), clients);
        awaitCallInProgress(SLOW_CITIZEN_CALL);
        awaitCallInProgress(getRequestedFor(urlPathEqualTo("/apiCSDLDKDN/1.0/chiTietDoanhNghiep"))
                .withQueryParam("msdn", equalTo("3700987669")));

        Response refused = get(CITIZEN, "no-such-key");
        Response health = get("/actuator/health", null);

        // refused before authentication: an unknown key gets the same answer as a good one
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().path("code").asText()).isEqualTo("hub.overloaded");
        assertThat(refused.header("X-Hub-Error")).isEqualTo("hub.overloaded");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(meters.counter("hub.requests.refused").count()).isEqualTo(refusedBefore + 1);
        assertThat(health.status()).isEqualTo(200);
        assertThat(MOCKS.findAll(postRequestedFor(urlPathEqualTo("/dancuquocgia/TraCuuThongTinCongDan"))
                    .withRequestBody(containing("<dan:SoDinhDanh>074085000123</dan:SoDinhDanh>")))).isEmpty();

        assertThat(citizen.get(10, TimeUnit.SECONDS).status()).isEqualTo(504);
        assertThat(enterprise.get(10, TimeUnit.SECONDS).status()).isEqualTo(504);
        // the places are given back when the answers are complete
        assertThat(lookup(CITIZEN).status()).isEqualTo(200);
    }

    /** Waits until the mock has received the held call (it answers 10 s later). */
    private static void awaitCallInProgress(RequestPatternBuilder call) {
        await().atMost(Duration.ofSeconds(5)).until(() -> MOCKS.findAll(call).size() == 1);
    }
}
