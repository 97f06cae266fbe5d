package vn.lgsp.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.SecondContext;

/**
 * A console session ends after {@code hub.console.idle-timeout} unused, and {@code hub.console.max-age}
 * after its sign-in however much it is used: here 3 s and 6 s, in a context of their own.
 */
class ConsoleSessionExpiryIT extends HubIT {

    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration MAX_AGE = Duration.ofSeconds(6);

    @DynamicPropertySource
    static void shortSessions(DynamicPropertyRegistry registry) {
        SecondContext.register(registry, "./target/test-data-console-expiry");
        registry.add("hub.console.idle-timeout", () -> IDLE.toSeconds() + "s");
        registry.add("hub.console.max-age", () -> MAX_AGE.toSeconds() + "s");
    }

    private int apiStatus(ConsoleSessionsClient.Session session) {
        return send(HttpRequest.newBuilder(uri("/api/v1/reports/reuse")).header("Cookie", session.cookie()).GET()
                .build()).status();
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEnds() {
        ConsoleSessionsClient console = new ConsoleSessionsClient(port);
        ConsoleSessionsClient.Session session = console.signIn(AUDITOR_KEY);
        assertThat(session.body().path("idleTimeoutSeconds").asLong()).isEqualTo(IDLE.toSeconds());
        assertThat(apiStatus(session)).isEqualTo(200);

        // each look is a use: the first comes once the session has been idle past its timeout
        await().pollDelay(IDLE.plusMillis(1500)).pollInterval(IDLE.plusMillis(1500)).atMost(Duration.ofSeconds(15))
                .until(() -> console.whoAmI(session.cookie()).statusCode() == 401);
        assertThat(apiStatus(session)).isEqualTo(401);
    }

    @Test
    void aSessionInUseEndsAtItsMaximumAge() {
        ConsoleSessionsClient console = new ConsoleSessionsClient(port);
        long signedIn = System.nanoTime();
        ConsoleSessionsClient.Session session = console.signIn(AUDITOR_KEY);

        // used every half second, it never idles out; it ends all the same, MAX_AGE after the sign-in
        await().pollInterval(Duration.ofMillis(500)).atMost(MAX_AGE.plusSeconds(10))
                .until(() -> apiStatus(session) == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - signedIn)).isGreaterThanOrEqualTo(MAX_AGE);
        assertThat(console.whoAmI(session.cookie()).statusCode()).isEqualTo(401);
    }
}
