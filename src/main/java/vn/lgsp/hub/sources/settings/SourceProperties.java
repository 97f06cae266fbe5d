package vn.lgsp.hub.sources.settings;

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
            Map<String, String> fields,
            @Valid Auth auth) {

        /** The bulkhead size of a source created at runtime: configuration only, as for the others. */
        public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;

        public Source {
            fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** The same source with another reuse mode and TTL. */
        public Source withReuse(ReuseMode mode, long ttlSeconds) {
            return new Source(baseUrl, timeoutMs, connectTimeoutMs, enabled, maxConcurrentCalls, circuitBreaker, mode,
                    ttlSeconds, subjectPattern, fields, auth);
        }
    }

    /**
     * {@code hub.sources.<name>.auth}: how the hub authenticates itself to the database, configuration
     * only (never in the admin API). All optional: without it the hub sends no credentials. At most
     * one of {@code oauth2} and {@code signed}; {@code headers} may come with either. Checked at start
     * by {@link UpstreamAuth#problems}. {@code toString} never shows a secret or a header value.
     */
    public record Auth(@Valid OAuth2 oauth2, @Valid Signed signed, Map<String, String> headers) {

        public Auth {
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** The scheme's name, for log lines and messages: {@code oauth2}, {@code signed}, {@code headers} or {@code none}. */
        public String type() {
            return oauth2 != null ? "oauth2" : signed != null ? "signed" : !headers.isEmpty() ? "headers" : "none";
        }

        @Override
        public String toString() {
            return "Auth[" + type() + ", headers=" + headers.keySet() + "]";
        }
    }

    /**
     * OAuth2 client credentials (RFC 6749 §4.4) toward NGSP, the national data-sharing platform or a
     * gateway: {@code token-url} is absolute or a path resolved against the source's base URL.
     */
    public record OAuth2(
            String tokenUrl,
            String clientId,
            String clientSecret,
            String scope,
            @DefaultValue("basic") ClientAuthentication clientAuthentication,
            @DefaultValue("60") @Min(0) @Max(86_400) long renewBeforeSeconds) {

        @Override
        public String toString() {
            return "OAuth2[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", scope=" + scope
                    + ", clientAuthentication=" + clientAuthentication + "]";
        }
    }

    /** How the client credentials travel to the token endpoint: HTTP Basic (RFC 6749 §2.3.1) or in the form body. */
    public enum ClientAuthentication {
        BASIC, POST
    }

    /**
     * The Ministry of Public Security (C06) scheme: {@code Timestamp} and
     * {@code Authorization: Basic base64(username:sha256hex(url + username + timestamp + secret))};
     * {@code url} defaults to the source's base URL.
     */
    public record Signed(String username, String secret, String url) {

        @Override
        public String toString() {
            return "Signed[username=" + username + ", url=" + url + "]";
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
