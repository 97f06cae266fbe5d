package vn.lgsp.hub.sources;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Iterator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/health} component {@code sources}, one entry per national database: DOWN while
 * its circuit is open, OUT_OF_SERVICE when disabled. It reports what the hub has observed and never
 * calls a national database itself.
 */
@Configuration(proxyBeanMethods = false)
class SourceHealth {

    /** One entry per source the hub knows when asked: a source an administrator added appears without a restart. */
    @Bean
    HealthContributor sourcesHealthContributor(Sources sources) {
        return new CompositeHealthContributor() {
            @Override
            public HealthContributor getContributor(String name) {
                return sources.exists(name) ? indicator(sources, name) : null;
            }

            @Override
            public Iterator<NamedContributor<HealthContributor>> iterator() {
                return sources.names().stream()
                        .map(name -> NamedContributor.of(name, (HealthContributor) indicator(sources, name)))
                        .iterator();
            }
        };
    }

    private static HealthIndicator indicator(Sources sources, String name) {
        return () -> health(sources, name);
    }

    private static Health health(Sources sources, String name) {
        SourceProperties.Source settings = sources.settings(name);
        CircuitBreaker breaker = sources.breaker(name);
        Health.Builder health = !settings.enabled() ? Health.outOfService()
                : breaker.getState() == CircuitBreaker.State.OPEN ? Health.down() : Health.up();
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        return health.withDetail("enabled", settings.enabled())
                .withDetail("circuitState", breaker.getState().name())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
                .withDetail("timeoutMs", settings.timeoutMs())
                .build();
    }
}
