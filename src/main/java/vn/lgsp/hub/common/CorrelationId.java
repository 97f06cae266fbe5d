package vn.lgsp.hub.common;

import java.util.UUID;
import java.util.regex.Pattern;

/** The correlation id that follows one request through the hub, its logs and its upstream calls. */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    /** MDC key and request attribute. */
    public static final String KEY = "correlationId";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private CorrelationId() {
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
