package vn.lgsp.hub.sources.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.sources.settings.SourceProperties;

/** What the circuit breaker of a source counts as the source failing, and what it does not. */
class SourceBreakerTest {

    private static final SourceProperties.Source SOURCE = new SourceProperties.Source(URI.create("http://127.0.0.1:1"),
            1000, 500, true, 1, new SourceProperties.CircuitBreaker(50, 4, 4, 60_000, 1),
            SourceProperties.ReuseMode.OFF, 0, null, Map.of(), null);

    private static CircuitBreaker breaker() {
        return CircuitBreaker.of("test", Sources.breakerConfig(SOURCE));
    }

    private static void call(CircuitBreaker breaker, Callable<String> call) {
        try {
            breaker.executeCallable(call);
        } catch (Exception e) {
            // the caller's problem; the breaker has counted it or not
        }
    }

    @Test
    void callsRefusedByAFullBulkheadDoNotOpenTheCircuit() throws Exception {
        CircuitBreaker breaker = breaker();
        Bulkhead full = Bulkhead.of("full", BulkheadConfig.custom().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ZERO).build());
        assertThat(full.tryAcquirePermission()).isTrue();

        for (int i = 0; i < 20; i++) {
            call(breaker, Bulkhead.decorateCallable(full, () -> "answer"));
        }

        assertThatThrownBy(() -> Bulkhead.decorateCallable(full, () -> "answer").call())
                .isInstanceOf(BulkheadFullException.class);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void notFoundAnswersDoNotOpenTheCircuitButFailuresDo() {
        CircuitBreaker breaker = breaker();
        for (int i = 0; i < 10; i++) {
            call(breaker, () -> {
                throw new SubjectNotFoundException("citizens");
            });
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        for (int i = 0; i < 4; i++) {
            call(breaker, () -> {
                throw new IllegalStateException("HTTP 500");
            });
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
