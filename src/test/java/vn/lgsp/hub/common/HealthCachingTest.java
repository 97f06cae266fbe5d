package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;

/** A check that leaves the hub's memory runs at most once per TTL, whatever the rate of probes. */
class HealthCachingTest {

    @Test
    void aCheckRunsOncePerTtl() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        HealthCaching.Cached cached = new HealthCaching.Cached(() -> Health.up()
                .withDetail("run", runs.incrementAndGet()).build(), TimeUnit.MILLISECONDS.toNanos(200));

        for (int i = 0; i < 100; i++) {
            assertThat(cached.health().getDetails()).containsEntry("run", 1);
        }
        Thread.sleep(250);

        assertThat(cached.health().getDetails()).containsEntry("run", 2);
        assertThat(runs).hasValue(2);
    }
}
