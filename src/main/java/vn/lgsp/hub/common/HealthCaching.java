package vn.lgsp.hub.common;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code /actuator/health} cheap enough to be probed thousands of times a second: the checks
 * that ask something outside the hub's memory (the database's connection check, a JMS connection to
 * the broker, the disk's free space, Camel's own route checks) are answered from their last result
 * for {@code hub.health.cache-ms} (default 1000 ms), each run by at most one probe at a time. What the
 * hub knows in memory, such as each source's breaker and route ({@code sources}), is read live.
 */
@Component
class HealthCaching implements SmartInitializingSingleton {

    /** The components whose check leaves the hub's memory. */
    static final List<String> CACHED = List.of("db", "jms", "diskSpace", "camelHealth");

    private final HealthContributorRegistry registry;
    private final Duration ttl;

    HealthCaching(HealthContributorRegistry registry, @Value("${hub.health.cache-ms:1000}") long ttlMs) {
        this.registry = registry;
        this.ttl = Duration.ofMillis(ttlMs);
    }

    /** How long a check's result, and the health answer kept for probes ({@link HealthProbeFilter}), stand. */
    long ttlNanos() {
        return ttl.toNanos();
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String name : CACHED) {
            if (registry.getContributor(name) instanceof HealthIndicator indicator && !(indicator instanceof Cached)) {
                registry.unregisterContributor(name);
                registry.registerContributor(name, new Cached(indicator, ttl.toNanos()));
            }
        }
    }

    /** A check answered from its last result while that is younger than the TTL. */
    static final class Cached implements HealthIndicator {

        private final HealthIndicator check;
        private final long ttlNanos;
        private volatile Health last;
        private volatile long checkedAt;

        Cached(HealthIndicator check, long ttlNanos) {
            this.check = check;
            this.ttlNanos = ttlNanos;
        }

        @Override
        public Health health() {
            Health health = last;
            if (health != null && System.nanoTime() - checkedAt < ttlNanos) {
                return health;
            }
            synchronized (this) {
                if (last == null || System.nanoTime() - checkedAt >= ttlNanos) {
                    last = check.health();
                    checkedAt = System.nanoTime();
                }
                return last;
            }
        }
    }
}
