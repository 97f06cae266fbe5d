package vn.lgsp.hub.sources.settings;

import com.fasterxml.jackson.core.JsonPointer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import vn.lgsp.hub.common.HubException.FieldProblem;

/**
 * A source's settings as administrators read and change them (docs/api.md §6,
 * {@code /api/v1/admin/sources/{source}}) and as they are stored in {@code source_settings}. The
 * bulkhead size ({@code hub.sources.<name>.max-concurrent-calls}) is configuration only.
 *
 * <p>Every field is required on a change, but {@code subjectPattern} (required for a source whose
 * subjects the hub has no Java parser for, refused for the others) and {@code fields} (read only by
 * the {@code jsonMapper} bean); {@link #problems} names each broken rule without echoing the value.
 * The bounds are the ones applied to {@code application.yml} too. The limits keep a settings
 * document within what the audit trail stores (4000 characters).
 */
public record SourceSettings(String source, String baseUrl, Integer timeoutMs, Integer connectTimeoutMs,
                             Boolean enabled, String reuseMode, Long reuseTtlSeconds, CircuitSettings circuitBreaker,
                             String subjectPattern, Map<String, String> fields) {

    public static final int MIN_TIMEOUT_MS = 100;
    public static final int MAX_TIMEOUT_MS = 120_000;
    public static final int MIN_CONNECT_TIMEOUT_MS = 50;
    public static final int MAX_CONNECT_TIMEOUT_MS = 60_000;
    public static final long MAX_REUSE_TTL_SECONDS = 31_536_000;
    public static final int MAX_CALLS = 10_000;
    public static final long MIN_WAIT_IN_OPEN_MS = 100;
    public static final long MAX_WAIT_IN_OPEN_MS = 3_600_000;
    public static final int MAX_HALF_OPEN_CALLS = 1_000;
    static final int MAX_BASE_URL_LENGTH = 500;
    public static final int MAX_SUBJECT_PATTERN_LENGTH = 200;
    public static final int MAX_FIELDS = 20;
    static final int MAX_POINTER_LENGTH = 100;
    private static final Pattern CANONICAL_NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");

    public SourceSettings {
        fields = fields == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field every canonical answer carries, added by the hub. */
    public static final String RETRIEVED_AT = "retrievedAt";

    /** The circuit breaker: opens at this failure rate (%) over a window of calls, for a while. */
    public record CircuitSettings(Float failureRateThreshold, Integer slidingWindowSize, Integer minimumNumberOfCalls,
                                  Long waitInOpenStateMs, Integer permittedCallsInHalfOpenState) {
    }

    /** The settings a source runs with, as administrators see them. */
    public static SourceSettings of(String source, SourceProperties.Source s) {
        SourceProperties.CircuitBreaker cb = s.circuitBreaker();
        return new SourceSettings(source, s.baseUrl().toString(), s.timeoutMs(), s.connectTimeoutMs(), s.enabled(),
                s.reuseMode().value(), s.reuseTtlSeconds(),
                new CircuitSettings(cb.failureRateThreshold(), cb.slidingWindowSize(), cb.minimumNumberOfCalls(),
                        cb.waitInOpenStateMs(), cb.permittedCallsInHalfOpenState()),
                s.subjectPattern(), s.fields());
    }

    /** The same settings under another source name (the path names the source, not the body). */
    public SourceSettings named(String name) {
        return new SourceSettings(name, baseUrl, timeoutMs, connectTimeoutMs, enabled, reuseMode, reuseTtlSeconds,
                circuitBreaker, subjectPattern, fields);
    }

    /**
     * The running settings these stand for; the bulkhead size and the authentication stay the
     * configured ones (configuration only). Only for valid settings.
     */
    public SourceProperties.Source toSource(int maxConcurrentCalls, SourceProperties.Auth auth) {
        CircuitSettings cb = circuitBreaker;
        return new SourceProperties.Source(URI.create(baseUrl), timeoutMs, connectTimeoutMs, enabled,
                maxConcurrentCalls,
                new SourceProperties.CircuitBreaker(cb.failureRateThreshold(), cb.slidingWindowSize(),
                        cb.minimumNumberOfCalls(), cb.waitInOpenStateMs(), cb.permittedCallsInHalfOpenState()),
                reuseMode(reuseMode), reuseTtlSeconds, subjectPattern, fields, auth);
    }

    /**
     * Every broken rule, one problem per field; empty when the settings can be applied.
     *
     * @param subjectsParsedByHub whether the hub validates this source's subjects in Java (citizens,
     *     enterprises, land): such a source takes no {@code subjectPattern}, every other requires one
     */
    public List<FieldProblem> problems(boolean subjectsParsedByHub) {
        List<FieldProblem> problems = new ArrayList<>();
        String urlProblem = baseUrlProblem(baseUrl);
        if (urlProblem != null) {
            problems.add(new FieldProblem("baseUrl", urlProblem));
        }
        range(problems, "timeoutMs", timeoutMs, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
        range(problems, "connectTimeoutMs", connectTimeoutMs, MIN_CONNECT_TIMEOUT_MS, MAX_CONNECT_TIMEOUT_MS);
        if (enabled == null) {
            problems.add(new FieldProblem("enabled", "is required: true or false"));
        }
        if (reuseMode(reuseMode) == null) {
            problems.add(new FieldProblem("reuseMode", "is required: prefer-copy, fallback or off"));
        }
        range(problems, "reuseTtlSeconds", reuseTtlSeconds, 0, MAX_REUSE_TTL_SECONDS);
        if (circuitBreaker == null) {
            problems.add(new FieldProblem("circuitBreaker", "is required"));
        } else {
            CircuitSettings cb = circuitBreaker;
            if (cb.failureRateThreshold() == null || !(cb.failureRateThreshold() >= 1 && cb.failureRateThreshold() <= 100)) {
                problems.add(new FieldProblem("circuitBreaker.failureRateThreshold", "is required, a percentage from 1 to 100"));
            }
            range(problems, "circuitBreaker.slidingWindowSize", cb.slidingWindowSize(), 1, MAX_CALLS);
            if (range(problems, "circuitBreaker.minimumNumberOfCalls", cb.minimumNumberOfCalls(), 1, MAX_CALLS)
                    && cb.slidingWindowSize() != null && cb.minimumNumberOfCalls() > cb.slidingWindowSize()) {
                problems.add(new FieldProblem("circuitBreaker.minimumNumberOfCalls",
                        "must not exceed circuitBreaker.slidingWindowSize"));
            }
            range(problems, "circuitBreaker.waitInOpenStateMs", cb.waitInOpenStateMs(), MIN_WAIT_IN_OPEN_MS,
                    MAX_WAIT_IN_OPEN_MS);
            range(problems, "circuitBreaker.permittedCallsInHalfOpenState", cb.permittedCallsInHalfOpenState(), 1,
                    MAX_HALF_OPEN_CALLS);
        }
        String patternProblem = subjectPatternProblem(subjectPattern, subjectsParsedByHub);
        if (patternProblem != null) {
            problems.add(new FieldProblem("subjectPattern", patternProblem));
        }
        String fieldsProblem = fieldsProblem(fields);
        if (fieldsProblem != null) {
            problems.add(new FieldProblem("fields", fieldsProblem));
        }
        return problems;
    }

    private static String subjectPatternProblem(String pattern, boolean subjectsParsedByHub) {
        if (subjectsParsedByHub) {
            return pattern == null ? null : "must be left out: the hub validates this source's subjects itself";
        }
        if (pattern == null || pattern.isEmpty()) {
            return "is required: a regular expression the whole subject must match, e.g. [0-9]{12}";
        }
        if (pattern.length() > MAX_SUBJECT_PATTERN_LENGTH) {
            return "must be at most " + MAX_SUBJECT_PATTERN_LENGTH + " characters";
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return "must be a valid regular expression";
        }
        return null;
    }

    /** Canonical names (lowerCamelCase, not retrievedAt, which the hub adds) to JSON pointers. */
    private static String fieldsProblem(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        if (fields.size() > MAX_FIELDS) {
            return "must list at most " + MAX_FIELDS + " fields";
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (field.getKey() == null || !CANONICAL_NAME.matcher(field.getKey()).matches()
                    || RETRIEVED_AT.equals(field.getKey())) {
                return "names must be lowerCamelCase, at most 40 characters, and not " + RETRIEVED_AT;
            }
            String pointer = field.getValue();
            if (pointer == null || !pointer.startsWith("/") || pointer.length() > MAX_POINTER_LENGTH) {
                return "each must map to a JSON pointer starting with /, at most " + MAX_POINTER_LENGTH + " characters";
            }
            try {
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                return "each must map to a valid JSON pointer";
            }
        }
        return null;
    }

    /** Adds a problem unless the value is present and within [min, max]; true when it is. */
    private static boolean range(List<FieldProblem> problems, String field, Number value, long min, long max) {
        if (value == null || value.longValue() < min || value.longValue() > max) {
            problems.add(new FieldProblem(field, "is required, from " + min + " to " + max));
            return false;
        }
        return true;
    }

    /** Why {@code value} is not an absolute http(s) URL with a host and no credentials in it, or null. */
    public static String httpUrlProblem(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "must be an http or https URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials";
        }
        return null;
    }

    /** An absolute http(s) URL with a host and nothing the hub appends itself (query) or must not store (credentials). */
    private static String baseUrlProblem(String value) {
        if (value == null || value.isBlank()) {
            return "is required: an http or https URL";
        }
        if (value.length() > MAX_BASE_URL_LENGTH) {
            return "must be at most " + MAX_BASE_URL_LENGTH + " characters";
        }
        String problem = httpUrlProblem(value);
        if (problem != null) {
            return problem;
        }
        URI uri = URI.create(value);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not have a query or fragment";
        }
        return null;
    }

    private static SourceProperties.ReuseMode reuseMode(String value) {
        for (SourceProperties.ReuseMode mode : SourceProperties.ReuseMode.values()) {
            if (mode.value().equals(value)) {
                return mode;
            }
        }
        return null;
    }
}
