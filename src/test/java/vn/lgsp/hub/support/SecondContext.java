package vn.lgsp.hub.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Properties for a test class that needs a Spring context of its own beside the shared one of
 * {@link HubIT}: its own data directory (the embedded broker's journal cannot be shared), a small
 * connection pool, and no background jobs. Under {@code -Ppostgres-it} both contexts use the same database but not the same
 * broker, so this context's sweepers and pollers would take up the other's work and deliver it again
 * through its own broker: a topology no deployment has (instances share one broker).
 */
public final class SecondContext {

    private static final String NEVER_MS = "86400000";

    private SecondContext() {
    }

    public static void register(DynamicPropertyRegistry registry, String dataDir) {
        properties(dataDir).forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The same properties as command-line arguments, for a context a test starts itself (SpringApplicationBuilder). */
    public static List<String> arguments(String dataDir) {
        return properties(dataDir).entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    private static Map<String, String> properties(String dataDir) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("hub.data-dir", dataDir);
        // a context kept in the test context cache holds its pool open: under -Ppostgres-it the shared
        // context and every second one share the server's connections (100 by default)
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        properties.put("spring.datasource.hikari.minimum-idle", "1");
        properties.put("hub.portal.sweep-interval-ms", NEVER_MS);
        properties.put("hub.criminal-records.sweep-interval-ms", NEVER_MS);
        properties.put("hub.criminal-records.poll-interval-ms", NEVER_MS);
        return properties;
    }
}
