package vn.lgsp.hub.sources;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.model.Model;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * The national databases the hub knows, with their settings and circuit breakers. The source
 * route template ({@link SourceRoutes}) takes from here the upstream endpoint and the breaker
 * configuration named {@code source.<name>}.
 */
@Component
public class Sources implements CamelContextConfiguration {

    private final SourceProperties properties;
    private final Map<String, SourceProperties.Source> current = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

    public Sources(SourceProperties properties) {
        this.properties = properties;
        current.putAll(properties.sources());
        properties.sources().forEach((name, source) -> breakers.circuitBreaker(breakerName(name), breakerConfig(source)));
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(current.keySet()));
    }

    public boolean exists(String name) {
        return current.containsKey(name);
    }

    /** A source's settings now: as configured, or as changed since while running. */
    public SourceProperties.Source settings(String name) {
        SourceProperties.Source source = current.get(name);
        if (source == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "No source named " + name);
        }
        return source;
    }

    /** Applies new settings to a source from its next call on (the breaker keeps its state). */
    public void apply(String name, SourceProperties.Source settings) {
        settings(name);
        current.put(name, settings);
    }

    /** Returns every source to its configured settings. */
    public void restoreConfigured() {
        current.putAll(properties.sources());
    }

    public CircuitBreaker breaker(String name) {
        settings(name);
        return breakers.circuitBreaker(breakerName(name));
    }

    /** Refuses a call to a disabled source before it is attempted. */
    public void requireEnabled(String name) {
        if (!settings(name).enabled()) {
            throw new HubException(ErrorCode.SOURCE_UNAVAILABLE, "The " + name + " database is disabled");
        }
    }

    /**
     * The camel-http endpoint for a source: its base URL with timeouts and its own connection
     * limits. The path and query of each call travel in headers, so the endpoint is reused.
     */
    public String endpointUri(String name) {
        SourceProperties.Source s = settings(name);
        int connections = properties.http().maxConnectionsPerSource();
        return s.baseUrl() + "?throwExceptionOnFailure=false"
                + "&connectTimeout=" + s.connectTimeoutMs()
                + "&connectionRequestTimeout=" + s.connectTimeoutMs()
                + "&responseTimeout=" + s.timeoutMs()
                + "&soTimeout=" + s.timeoutMs()
                + "&maxTotalConnections=" + connections
                + "&connectionsPerRoute=" + connections
                + "&httpClientConfigurer=#" + RETRIES;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        SourceProperties.Http http = properties.http();
        ConnectAnd503RetryStrategy retries = new ConnectAnd503RetryStrategy(http.maxRetries(), http.retryBackoffMs());
        // only the national databases' endpoints retry; other HTTP calls (the portal) have their own policy
        HttpClientConfigurer sourceRetries = builder -> builder.setRetryStrategy(retries);
        camelContext.getRegistry().bind(RETRIES, HttpClientConfigurer.class, sourceRetries);
        Model model = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        properties.sources().forEach((name, source) -> {
            camelContext.getRegistry().bind(breakerName(name), breakers.circuitBreaker(breakerName(name)));
            Resilience4jConfigurationDefinition config = new Resilience4jConfigurationDefinition();
            config.setCircuitBreaker(breakerName(name));
            config.setThrowExceptionWhenHalfOpenOrOpenState("true");
            config.setBulkheadEnabled("true");
            config.setBulkheadMaxConcurrentCalls(Integer.toString(source.maxConcurrentCalls()));
            config.setBulkheadMaxWaitDuration("0");
            model.addResilience4jConfiguration("source." + name, config);
        });
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once started
    }

    private static final String RETRIES = "sourceHttpRetries";

    static String breakerName(String source) {
        return "breaker." + source;
    }

    private static CircuitBreakerConfig breakerConfig(SourceProperties.Source source) {
        SourceProperties.CircuitBreaker cb = source.circuitBreaker();
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(cb.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .waitDurationInOpenState(Duration.ofMillis(cb.waitInOpenStateMs()))
                .permittedNumberOfCallsInHalfOpenState(cb.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                // "no such subject" is a normal answer, not a sign of a failing source
                .ignoreExceptions(SubjectNotFoundException.class)
                .build();
    }
}
