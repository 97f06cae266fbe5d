package vn.lgsp.hub.sources;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/health} component {@code sources}, one entry per national database: DOWN while
 * its circuit is open, OUT_OF_SERVICE when disabled. It reports what the hub has observed and never
 * calls a national database itself.
 */
@Configuration(proxyBeanMethods = false)
class SourceHealth {

    @Bean
    HealthContributor sourcesHealthContributor(Sources sources) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        sources.names().forEach(name -> indicators.put(name, () -> health(sources, name)));
        return CompositeHealthContributor.fromMap(indicators);
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
