package vn.lgsp.hub.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Per-client request rate limits: a token bucket per client, refilled at the client's rate per
 * second, holding at most one second's worth (the burst). Limits apply per hub instance; behind
 * a load balancer of N instances a client gets at most N times its rate.
 */
@Component
public class RateLimits {

    private final Properties properties;
    private final Map<String, Double> rates = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimits(Properties properties) {
        this.properties = properties;
        rates.putAll(properties.perClient());
    }

    /**
     * Takes one request from the client's bucket.
     *
     * @return 0 when the request may proceed, else the seconds to wait before the next one will
     */
    long acquire(String clientId) {
        double rate = rateOf(clientId);
        return buckets.computeIfAbsent(clientId, id -> new Bucket()).take(rate, System.nanoTime());
    }

    public double rateOf(String clientId) {
        return rates.getOrDefault(clientId, properties.defaultPerSecond());
    }

    /** Sets a client's rate from now on (requests per second); its bucket starts full. */
    public void limit(String clientId, double perSecond) {
        rates.put(clientId, perSecond);
        buckets.remove(clientId);
    }

    /** Returns every client to its configured rate. */
    public void restoreConfigured() {
        rates.clear();
        rates.putAll(properties.perClient());
        buckets.clear();
    }

    /** {@code hub.security.rate-limits.*}: {@code default-per-second}, and {@code per-client.<client id>}. */
    @ConfigurationProperties("hub.security.rate-limits")
    record Properties(@DefaultValue("200") double defaultPerSecond, Map<String, Double> perClient) {

        Properties {
            perClient = perClient == null ? Map.of() : Map.copyOf(perClient);
        }
    }

    private static final class Bucket {

        private double tokens = -1;
        private long refilledAt;

        synchronized long take(double rate, long now) {
            double capacity = Math.max(1, rate);
            if (tokens < 0) {
                tokens = capacity;
            } else {
                tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
            }
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / rate);
        }
    }
}
