package vn.lgsp.hub.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;

/**
 * Requests refused before they reach a route (401, 403 by role or grant, 429, 503 when a token's
 * issuer cannot be reached) are counted, never stored one by one: a flood of them costs a counter
 * increment each and no storage at all. What no credential vouches for can therefore never fill a
 * disk. Administrative actions stay individual audit events ({@code AuditLog}).
 * <ul>
 *   <li>{@code hub_refusals_total{kind, client}}: kind is the problem's code, client the identified
 *       client's id or {@code anonymous} (configured and token-issued ids only: bounded);</li>
 *   <li>once a minute, one {@code AUDIT} log line per refused client or source address of that minute,
 *       the {@value #REPORTED_PER_MINUTE} largest, then one line for the rest: at most
 *       {@value #REPORTED_PER_MINUTE} + 1 lines a minute whatever arrives. Once a minute holds
 *       {@value #KEYS_PER_MINUTE} keys, a new source address counts as others; an identified client
 *       always has its own key.</li>
 * </ul>
 */
@Component
public class Refusals {

    static final int REPORTED_PER_MINUTE = 20;
    static final int KEYS_PER_MINUTE = 1000;
    private static final Logger AUDIT = LoggerFactory.getLogger("AUDIT");
    private static final String OTHERS = "others";

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicReference<Minute> current;
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hub-refusals");
        thread.setDaemon(true);
        return thread;
    });

    public Refusals(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        Instant now = clock.instant();
        this.current = new AtomicReference<>(new Minute(minuteOf(now)));
        // at each minute's end: a refusal only increments, it never looks at the clock
        long untilNextMinute = Duration.between(now, minuteOf(now).plus(1, ChronoUnit.MINUTES)).toMillis();
        reporter.scheduleAtFixedRate(this::report, untilNextMinute, TimeUnit.MINUTES.toMillis(1), TimeUnit.MILLISECONDS);
    }

    /** Counts one refusal of this request, with the client it identified (null: none). */
    public void count(HttpServletRequest request, HubClient client, ErrorCode code) {
        String clientId = client == null ? "anonymous" : client.id();
        counters.computeIfAbsent(code.code() + '|' + clientId, key -> Counter.builder("hub.refusals")
                        .description("Requests refused before a route: by problem code and identified client")
                        .tag("kind", code.code())
                        .tag("client", clientId)
                        .register(meters))
                .increment();
        if (client != null) {
            current.get().add("client " + client.id() + ' ' + code.code(), false);
        } else {
            current.get().add("address " + request.getRemoteAddr() + ' ' + code.code(), true);
        }
    }

    /** Logs the minute that ended (or, at shutdown, the one in progress) and starts the next. */
    void report() {
        Minute ended = current.getAndSet(new Minute(minuteOf(clock.instant())));
        ended.log();
    }

    @PreDestroy
    void stop() {
        reporter.shutdownNow();
        report();
    }

    private static Instant minuteOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES);
    }

    /** The refusals of one minute by who and kind, with at most {@link #KEYS_PER_MINUTE} keys. */
    private static final class Minute {

        private final Instant start;
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        private final LongAdder others = new LongAdder();

        Minute(Instant start) {
            this.start = start;
        }

        /** Identified clients are few (configured, or vouched for by a token issuer); addresses are capped. */
        void add(String key, boolean capped) {
            LongAdder count = counts.get(key);
            if (count == null) {
                if (capped && counts.size() >= KEYS_PER_MINUTE) {
                    others.increment();
                    return;
                }
                count = counts.computeIfAbsent(key, k -> new LongAdder());
            }
            count.increment();
        }

        void log() {
            if (counts.isEmpty()) {
                return;
            }
            var sorted = counts.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
                    .toList();
            long rest = others.sum();
            for (int i = 0; i < sorted.size(); i++) {
                if (i < REPORTED_PER_MINUTE) {
                    AUDIT.info("refusals minute={} {} count={}", start, sorted.get(i).getKey(),
                            sorted.get(i).getValue().sum());
                } else {
                    rest += sorted.get(i).getValue().sum();
                }
            }
            if (rest > 0) {
                AUDIT.info("refusals minute={} {} count={}", start, OTHERS, rest);
            }
        }
    }
}
