package vn.lgsp.hub.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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

    /**
     * A random (version 4) UUID. From the thread's own generator, not {@link UUID#randomUUID()}'s
     * shared cryptographic one, which reads the operating system's random device under a lock on every
     * call: a correlation id has to be unique, not secret.
     */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
