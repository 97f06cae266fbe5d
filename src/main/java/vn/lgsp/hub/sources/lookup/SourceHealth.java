package vn.lgsp.hub.sources.lookup;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.lgsp.hub.common.LiveHealth;
import vn.lgsp.hub.sources.routefiles.RouteFiles;
import vn.lgsp.hub.sources.settings.SourceProperties;

/**
 * {@code /actuator/health} component {@code sources}, one entry per national database: DOWN while
 * its circuit is open or its route is stopped or not loaded, OUT_OF_SERVICE when disabled. It
 * reports what the hub has observed and never
 * calls a national database itself.
 */
@Configuration(proxyBeanMethods = false)
class SourceHealth {

    /** One entry per source the hub knows when asked: a source an administrator added appears without a restart. */
    @Bean
    HealthContributor sourcesHealthContributor(Sources sources, RouteFiles routes) {
        return new CompositeHealthContributor() {
            @Override
            public HealthContributor getContributor(String name) {
                return sources.exists(name) ? indicator(sources, routes, name) : null;
            }

            @Override
            public Iterator<NamedContributor<HealthContributor>> iterator() {
                return sources.names().stream()
                        .map(name -> NamedContributor.of(name, (HealthContributor) indicator(sources, routes, name)))
                        .iterator();
            }
        };
    }

    /** What the sources' health says, as a fingerprint read on every probe (their enabled flag, breaker, route). */
    @Bean
    LiveHealth sourcesLiveHealth(Sources sources, RouteFiles routes) {
        return () -> {
            int fingerprint = 1;
            for (String name : sources.names()) {
                fingerprint = 31 * fingerprint + Objects.hash(name, sources.settings(name).enabled(),
                        sources.breaker(name).getState(), routes.unavailable(name).orElse(""));
            }
            return fingerprint;
        };
    }

    private static HealthIndicator indicator(Sources sources, RouteFiles routes, String name) {
        return () -> health(sources, routes, name);
    }

    private static Health health(Sources sources, RouteFiles routes, String name) {
        SourceProperties.Source settings = sources.settings(name);
        CircuitBreaker breaker = sources.breaker(name);
        Optional<String> routeDown = routes.unavailable(name);
        Health.Builder health = !settings.enabled() ? Health.outOfService()
                : breaker.getState() == CircuitBreaker.State.OPEN || routeDown.isPresent() ? Health.down() : Health.up();
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        return health.withDetail("enabled", settings.enabled())
                .withDetail("route", routeDown.orElse("started"))
                .withDetail("circuitState", breaker.getState().name())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
                .withDetail("timeoutMs", settings.timeoutMs())
                .build();
    }
}
