package vn.lgsp.hub.support;

import java.security.SecureRandom;

/**
 * The seed of a fuzz run. The build uses a fixed one, so that CI runs the same inputs every time and
 * a failure in it is a change in the hub, not luck; {@code -Dfuzz.seed=random} explores new inputs
 * and {@code -Dfuzz.seed=<n>} replays the run whose message printed n.
 */
public final class FuzzSeed {

    private static final long BUILD_SEED = 20_261_123L;

    private FuzzSeed() {
    }

    public static long get() {
        String given = System.getProperty("fuzz.seed");
        if (given == null || given.isBlank()) {
            return BUILD_SEED;
        }
        return "random".equals(given) ? new SecureRandom().nextLong() : Long.parseLong(given.trim());
    }
}
