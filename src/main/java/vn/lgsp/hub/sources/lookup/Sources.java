package vn.lgsp.hub.sources.lookup;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.model.Model;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.sources.settings.SourceSettings;
import vn.lgsp.hub.sources.settings.SourceSettingsStore;

/**
 * The national databases the hub knows, with their settings and circuit breakers. The source
 * route template ({@link SourceRoutes}) takes from here the upstream endpoint and the breaker
 * configuration named {@code source.<name>}.
 *
 * <p>A source runs with its {@code hub.sources.<name>.*} configuration unless an administrator
 * changed it: the settings stored in the database ({@link SourceSettingsStore}) then override the
 * configuration, here from the start and after each {@link #refresh}. A stored row for a name that
 * is not configured is a source an administrator created: it exists, with its breaker and
 * Resilience4j configuration, for as long as the row does.
 */
@Component
public class Sources implements CamelContextConfiguration {

    /** What a source may be called: it names its route file, its route, its breaker and its ledger rows. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);

    private final SourceProperties properties;
    private final SourceSettingsStore store;
    private final Set<String> parsedByHub;
    private final Map<String, SourceProperties.Source> current = new ConcurrentHashMap<>();
    /** The stored settings this instance applied last, per source (none: the configured ones). */
    private final Map<String, SourceSettings> stored = new HashMap<>();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    /** The retry policy of the national databases' HTTP clients (only theirs: the portal has its own). */
    private final ConnectAnd503RetryStrategy retries;
    private final UpstreamTokens tokens;
    private volatile CamelContext camel;
    private MeterRegistry meters;
    /** Called with a source's name when its route must be made again (its endpoint or breaker changed). */
    private final List<Consumer<String>> replaced = new CopyOnWriteArrayList<>();

    public Sources(SourceProperties properties, SourceSettingsStore store, List<SubjectParser> parsers,
                   UpstreamTokens tokens) {
        this.properties = properties;
        this.store = store;
        this.tokens = tokens;
        SourceProperties.Http http = properties.http();
        this.retries = new ConnectAnd503RetryStrategy(http.maxRetries(), http.retryBackoffMs());
        this.parsedByHub = parsers.stream().map(SubjectParser::source).collect(Collectors.toUnmodifiableSet());
        properties.sources().forEach((name, source) -> {
            List<String> problems = new ArrayList<>(SourceSettings.of(name, source)
                    .problems(subjectsParsedByHub(name)).stream()
                    .map(p -> "hub.sources." + name + "." + p.field() + " " + p.message()).toList());
            UpstreamAuth.problems(source.auth()).forEach(p -> problems.add("hub.sources." + name + "." + p));
            if (!NAME.matcher(name).matches() || !problems.isEmpty()) {
                throw new IllegalStateException("hub.sources." + name + " cannot run: "
                        + (problems.isEmpty() ? "a source name is " + NAME.pattern() : String.join("; ", problems)));
            }
        });
        current.putAll(properties.sources());
        store.all().forEach((name, settings) -> {
            if (NAME.matcher(name).matches()) {
                stored.put(name, settings);
                current.put(name, runnable(name, settings));
            }
        });
        current.forEach((name, source) -> breakers.circuitBreaker(breakerName(name), breakerConfig(source)));
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(current.keySet()));
    }

    public boolean exists(String name) {
        return name != null && current.containsKey(name);
    }

    /** Whether the source has {@code hub.sources.<name>.*} configuration (else an administrator created it). */
    public boolean configured(String name) {
        return properties.sources().containsKey(name);
    }

    /** Whether the hub validates the source's subjects in Java; the others name theirs with a subject pattern. */
    public boolean subjectsParsedByHub(String name) {
        return parsedByHub.contains(name);
    }

    /** A source's settings now: as configured, or as changed since while running. */
    public SourceProperties.Source settings(String name) {
        SourceProperties.Source source = name == null ? null : current.get(name);
        if (source == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "No source named " + name);
        }
        return source;
    }

    /** Registers what makes a source's route again when its endpoint or breaker changes ({@link RouteFiles}). */
    public void whenReplaced(Consumer<String> listener) {
        replaced.add(listener);
    }

    /**
     * Applies new settings to a source from its next call on, in this instance only. The breaker
     * keeps its state unless its own settings change: a Resilience4j breaker cannot be reconfigured,
     * so it is then replaced by a closed one with the new settings. A route is made with its source's
     * endpoint and breaker: when either changes, the route is replaced by a new one.
     */
    public synchronized void apply(String name, SourceProperties.Source settings) {
        SourceProperties.Source before = settings(name);
        String endpointBefore = endpointUri(name);
        current.put(name, settings);
        boolean breakerChanged = !before.circuitBreaker().equals(settings.circuitBreaker());
        if (breakerChanged) {
            replaceBreaker(name, settings);
        }
        if (breakerChanged || !endpointBefore.equals(endpointUri(name))) {
            replaced.forEach(listener -> listener.accept(name));
        }
    }

    /**
     * Re-reads a source's stored settings and applies them, or its configured settings when none
     * are stored: what every instance does when a change is announced. A source created by an
     * administrator is created here too, and removed once its settings are gone.
     */
    public synchronized void refresh(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return;
        }
        sync(name, store.find(name).orElse(null));
    }

    /** Re-reads every source's stored settings and applies those this instance has not applied yet. */
    public synchronized void refreshChanged() {
        Map<String, SourceSettings> all = store.all();
        Set<String> names = new TreeSet<>(current.keySet());
        all.keySet().stream().filter(n -> NAME.matcher(n).matches()).forEach(names::add);
        for (String name : names) {
            if (!Objects.equals(all.get(name), stored.get(name))) {
                sync(name, all.get(name));
            }
        }
    }

    /**
     * Returns every source to its configured settings, dropping the settings stored by administrators
     * and the sources they created.
     */
    public synchronized void restoreConfigured() {
        store.deleteAll();
        stored.clear();
        for (String name : names()) {
            if (!configured(name)) {
                remove(name);
            }
        }
        properties.sources().forEach(this::apply);
    }

    private void sync(String name, SourceSettings settings) {
        if (settings == null) {
            stored.remove(name);
            if (configured(name)) {
                apply(name, properties.sources().get(name));
            } else if (exists(name)) {
                remove(name);
            }
        } else {
            stored.put(name, settings);
            if (exists(name)) {
                apply(name, runnable(name, settings));
            } else {
                create(name, runnable(name, settings));
            }
        }
    }

    /** A source an administrator created: its breaker and Resilience4j configuration, for routes loaded from now on. */
    private void create(String name, SourceProperties.Source source) {
        breakers.remove(breakerName(name));
        breakers.circuitBreaker(breakerName(name), breakerConfig(source));
        current.put(name, source);
        CamelContext context = camel;
        if (context != null) {
            register(context, name, source);
        }
        LOG.info("source created source={}", name);
    }

    /** A created source whose settings were dropped: lookups to it are refused as to an unknown source. */
    private void remove(String name) {
        current.remove(name);
        stored.remove(name);
        breakers.remove(breakerName(name));
        CamelContext context = camel;
        if (context != null) {
            context.getRegistry().unbind(breakerName(name));
        }
        LOG.info("source removed source={}", name);
    }

    private SourceProperties.Source runnable(String name, SourceSettings settings) {
        SourceProperties.Source configuredSource = properties.sources().get(name);
        return configuredSource == null
                ? settings.toSource(SourceProperties.Source.DEFAULT_MAX_CONCURRENT_CALLS, null)
                : settings.toSource(configuredSource.maxConcurrentCalls(), configuredSource.auth());
    }

    /** A new breaker in the registry, which the source's route, made again, takes. */
    private void replaceBreaker(String name, SourceProperties.Source settings) {
        CircuitBreaker fresh = CircuitBreaker.of(breakerName(name), breakerConfig(settings));
        breakers.replace(breakerName(name), fresh);
        CamelContext context = camel;
        if (context != null) {
            context.getRegistry().bind(breakerName(name), fresh);
        }
    }

    /**
     * Every source's breaker as metrics, {@code resilience4j_circuitbreaker_state} and the rest, tagged with the
     * breaker's name {@code source.<name>}: a breaker replaced when a source's settings change is followed.
     */
    @jakarta.annotation.PostConstruct
    void bindMetrics() {
        if (meters != null) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void setMeters(MeterRegistry meters) {
        this.meters = meters;
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
     * limits. The path and query of each call travel in headers, so the endpoint is reused. Each
     * source names its own client configurer, so its endpoint URI, and with it its connection pool,
     * is its own even when another source has the same base URL and timeouts (camel-http keeps one
     * pool per endpoint, and Camel one endpoint per URI).
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
                + "&httpClientConfigurer=#" + httpConfigurerName(name);
    }

    @Override
    public synchronized void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
        current.forEach((name, source) -> register(camelContext, name, source));
    }

    /** The breaker in Camel's registry and the Resilience4j configuration {@code source.<name>} the template uses. */
    private void register(CamelContext camelContext, String name, SourceProperties.Source source) {
        // the source's own client set-up: retries, and its credentials read from its settings at each call
        camelContext.getRegistry().bind(httpConfigurerName(name), HttpClientConfigurer.class,
                UpstreamAuth.configurer(name, () -> settings(name), retries, tokens));
        camelContext.getRegistry().bind(breakerName(name), breakers.circuitBreaker(breakerName(name)));
        Resilience4jConfigurationDefinition config = new Resilience4jConfigurationDefinition();
        config.setCircuitBreaker(breakerName(name));
        config.setThrowExceptionWhenHalfOpenOrOpenState("true");
        config.setBulkheadEnabled("true");
        config.setBulkheadMaxConcurrentCalls(Integer.toString(source.maxConcurrentCalls()));
        config.setBulkheadMaxWaitDuration("0");
        Model model = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        model.addResilience4jConfiguration("source." + name, config);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once started
    }

    static String httpConfigurerName(String source) {
        return "sourceHttp." + source;
    }

    static String breakerName(String source) {
        return "breaker." + source;
    }

    static CircuitBreakerConfig breakerConfig(SourceProperties.Source source) {
        SourceProperties.CircuitBreaker cb = source.circuitBreaker();
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(cb.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .waitDurationInOpenState(Duration.ofMillis(cb.waitInOpenStateMs()))
                .permittedNumberOfCallsInHalfOpenState(cb.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                // "no such subject" and "not for this procedure or officer" are normal answers, not a sign of a failing source; a full bulkhead
                // is the hub's own limit on calls in flight, refused before the source was called
                .ignoreExceptions(SubjectNotFoundException.class, SourceRefusedException.class, BulkheadFullException.class)
                .build();
    }
}
