package vn.lgsp.hub.dossiers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code hub_portal_sync_lag_seconds}: how long the oldest dossier version accepted and not yet delivered to the
 * portal has waited (0 when none waits), read from the outbox through its index by state at most every 15 s, so
 * an operator is alerted when the portal falls behind before a citizen sees a stale status.
 */
@Component
class SyncLag {

    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile double seconds;
    private volatile long readAt;

    SyncLag(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("hub.portal.sync.lag", this, SyncLag::current).baseUnit("seconds")
                .description("How long the oldest dossier version not yet delivered to the portal has waited")
                .register(meters);
    }

    private double current() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > REFRESH_NANOS) {
            try {
                OffsetDateTime oldest = jdbc.queryForObject(
                        "SELECT MIN(created_at) FROM dossier_sync WHERE state = 'QUEUED'", OffsetDateTime.class);
                seconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), clock.instant())
                        .toMillis() / 1000.0);
                readAt = now;
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
        return seconds;
    }
}
