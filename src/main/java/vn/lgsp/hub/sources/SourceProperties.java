package vn.lgsp.hub.sources;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.sources.<name>.*}: how the hub reaches each national database. The route that calls a
 * source lives in {@code routes/<name>.yaml}; everything operational about it lives here.
 *
 * <p>A source whose subjects the hub has no Java parser for (any but citizens, enterprises and
 * land) names the subjects it accepts with {@code subject-pattern}, a regular expression the whole
 * subject must match; a source read by the {@code jsonMapper} bean lists its canonical fields with
 * {@code fields} (canonical name: JSON pointer into the source's answer). Both are checked as
 * {@link SourceSettings#problems} checks an administrator's change.
 */
@Validated
@ConfigurationProperties("hub")
public record SourceProperties(@Valid Map<String, Source> sources, @Valid @DefaultValue Http http) {

    public SourceProperties {
        sources = sources == null ? Map.of() : new TreeMap<>(sources);
    }

    public record Source(
            @NotNull URI baseUrl,
            @DefaultValue("3000") @Min(SourceSettings.MIN_TIMEOUT_MS) @Max(SourceSettings.MAX_TIMEOUT_MS) int timeoutMs,
            @DefaultValue("1000") @Min(SourceSettings.MIN_CONNECT_TIMEOUT_MS) @Max(SourceSettings.MAX_CONNECT_TIMEOUT_MS)
            int connectTimeoutMs,
            @DefaultValue("true") boolean enabled,
            @DefaultValue("64") @Min(1) @Max(10_000) int maxConcurrentCalls,
            @Valid @DefaultValue CircuitBreaker circuitBreaker,
            @DefaultValue("fallback") ReuseMode reuseMode,
            @DefaultValue("86400") @Min(0) @Max(SourceSettings.MAX_REUSE_TTL_SECONDS) long reuseTtlSeconds,
            String subjectPattern,
            Map<String, String> fields) {

        /** The bulkhead size of a source created at runtime: configuration only, as for the others. */
        public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;

        public Source {
            fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** The same source with another reuse mode and TTL. */
        public Source withReuse(ReuseMode mode, long ttlSeconds) {
            return new Source(baseUrl, timeoutMs, connectTimeoutMs, enabled, maxConcurrentCalls, circuitBreaker, mode,
                    ttlSeconds, subjectPattern, fields);
        }
    }

    /**
     * How the reuse store serves a source: {@code prefer-copy} answers from a copy within its TTL
     * without calling the source; {@code fallback} calls the source and answers from a valid copy
     * only when the source fails; {@code off} neither keeps nor serves copies.
     */
    public enum ReuseMode {
        PREFER_COPY, FALLBACK, OFF;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public record CircuitBreaker(
            @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("20") @Min(1) @Max(SourceSettings.MAX_CALLS) int slidingWindowSize,
            @DefaultValue("10") @Min(1) @Max(SourceSettings.MAX_CALLS) int minimumNumberOfCalls,
            @DefaultValue("30000") @Min(SourceSettings.MIN_WAIT_IN_OPEN_MS) @Max(SourceSettings.MAX_WAIT_IN_OPEN_MS)
            long waitInOpenStateMs,
            @DefaultValue("3") @Min(1) @Max(SourceSettings.MAX_HALF_OPEN_CALLS) int permittedCallsInHalfOpenState) {
    }

    /** Outbound HTTP shared by all sources: retries apply only to connect failures and 503. */
    public record Http(
            @DefaultValue("2") @Min(0) @Max(5) int maxRetries,
            @DefaultValue("100") @Min(0) long retryBackoffMs,
            @DefaultValue("256") @Min(1) int maxConnectionsPerSource) {
    }
}
