package vn.lgsp.hub.security;

import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Per-client request rate limits: a token bucket per client, refilled at the client's rate per second,
 * holding at most one second's worth (the burst).
 *
 * <p>Where the buckets are kept is {@code hub.security.rate-limits.store}: {@code local}, in this instance's
 * memory (one instance: the embedded database's deployment), or {@code database}, one bucket per client for
 * the whole cluster in the database every instance shares (Bucket4j's PostgreSQL store, the {@code postgres}
 * profile's default). A database bucket is read and written in a transaction of its own; an instance takes
 * a client's tokens from it {@code sync-share} of its rate at a time and hands them out itself for at most
 * {@code sync-interval-ms}, so that a busy client is not one database round trip per request. Should the
 * database not answer, each instance limits on its own meanwhile (a request is never refused for it).
 */
@Component
public class RateLimits {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    private final Properties properties;
    private final Map<String, Double> rates = new ConcurrentHashMap<>();
    private final Budgets budgets;

    RateLimits(Properties properties, ObjectProvider<DataSourceProperties> dataSource) {
        this.properties = properties;
        rates.putAll(properties.perClient());
        this.budgets = properties.store() == Store.DATABASE
                ? new DatabaseBudgets(budgetConnections(dataSource.getObject()), properties)
                : new LocalBudgets();
    }

    /**
     * The budgets' own two connections to the hub's database, committing without waiting for the disk
     * ({@code synchronous_commit = off}): a budget's last writes lost in a crash of the database cost nothing,
     * a wait for its disk on every take would hold up every request of the client meanwhile.
     */
    private static HikariDataSource budgetConnections(DataSourceProperties database) {
        HikariDataSource pool = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("rate-limits");
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(1);
        pool.setConnectionInitSql("SET synchronous_commit = off");
        return pool;
    }

    @PreDestroy
    void close() {
        budgets.close();
    }

    /**
     * Takes one request from the client's bucket.
     *
     * @return 0 when the request may proceed, else the seconds to wait before the next one will
     */
    long acquire(String clientId) {
        double rate = rateOf(clientId);
        return budgets.take(key(clientId, rate), rate);
    }

    public double rateOf(String clientId) {
        return rates.getOrDefault(clientId, properties.defaultPerSecond());
    }

    /** Sets a client's rate from now on (requests per second), on this instance; its bucket starts full. */
    public void limit(String clientId, double perSecond) {
        rates.put(clientId, perSecond);
        budgets.reset(key(clientId, perSecond));
    }

    /** Returns every client to its configured rate, each bucket this instance used full again. */
    public void restoreConfigured() {
        rates.clear();
        rates.putAll(properties.perClient());
        budgets.resetAll();
    }

    /** A bucket per client and rate: every instance configured alike shares it; a new rate starts a new one. */
    private static String key(String clientId, double rate) {
        return clientId + "@" + rate;
    }

    /** One bucket's capacity: a second's worth of requests, at least one. */
    private static long capacity(double rate) {
        return Math.max(1, (long) Math.floor(rate));
    }

    /** Where the buckets are kept. */
    public enum Store { LOCAL, DATABASE }

    /**
     * {@code hub.security.rate-limits.*}: {@code default-per-second}, {@code per-client.<client id>}, {@code store},
     * and for the database store {@code sync-share} (the share of a client's rate an instance takes from its budget
     * at a time: 0.05, at least one request) and {@code sync-interval-ms} (how long those may wait to be used).
     */
    @ConfigurationProperties("hub.security.rate-limits")
    record Properties(@DefaultValue("200") double defaultPerSecond, Map<String, Double> perClient,
                      @DefaultValue("local") Store store, @DefaultValue("0.05") double syncShare,
                      @DefaultValue("1000") long syncIntervalMs) {

        Properties {
            perClient = perClient == null ? Map.of() : Map.copyOf(perClient);
        }
    }

    private interface Budgets {

        /** Takes one token; 0 when taken, else the seconds until one will be there. */
        long take(String key, double rate);

        /** The bucket starts full. */
        void reset(String key);

        /** Every bucket this instance used starts full. */
        void resetAll();

        default void close() {
        }
    }

    private static final class LocalBudgets implements Budgets {

        private final Map<String, LocalBucket> buckets = new ConcurrentHashMap<>();

        @Override
        public long take(String key, double rate) {
            return buckets.computeIfAbsent(key, k -> new LocalBucket()).take(rate, System.nanoTime());
        }

        @Override
        public void reset(String key) {
            buckets.remove(key);
        }

        @Override
        public void resetAll() {
            buckets.clear();
        }
    }

    private static final class LocalBucket {

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

    /**
     * Bucket4j's buckets in the {@code rate_limit_bucket} table, each row locked while it is read and written.
     * An instance takes a client's tokens from it a few at a time ({@code sync-share} of its rate, at least one)
     * and hands them out locally; tokens taken and not used within {@code sync-interval-ms} are dropped, so that
     * a quiet client does not keep more than its burst. The shared budget is never exceeded: every request
     * admitted spent a token of it; at most N × that share of it can sit unused on N instances at once.
     */
    private static final class DatabaseBudgets implements Budgets {

        private final ProxyManager<String> store;
        private final Properties properties;
        private final Map<String, Lease> leases = new ConcurrentHashMap<>();
        private final LocalBudgets fallback = new LocalBudgets();
        private volatile long warnedAt = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

        private final HikariDataSource connections;

        DatabaseBudgets(HikariDataSource dataSource, Properties properties) {
            this.properties = properties;
            this.connections = dataSource;
            this.store = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table("rate_limit_bucket").idColumn("id").stateColumn("state")
                    .build();
        }

        @Override
        public long take(String key, double rate) {
            try {
                return leases.computeIfAbsent(key, k -> new Lease(bucket(k, rate), rate)).take(properties);
            } catch (RuntimeException e) {
                // the database out of reach: this instance's own bucket meanwhile, as a lone instance would have
                long now = System.nanoTime();
                if (now - warnedAt > TimeUnit.MINUTES.toNanos(1)) {
                    warnedAt = now;
                    LOG.warn("rate limits: the database store failed, limits apply per instance until it answers: {}",
                            e.getClass().getName());
                }
                return fallback.take(key, rate);
            }
        }

        private BucketProxy bucket(String key, double rate) {
            long capacity = capacity(rate);
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(capacity)
                            .refillGreedy(capacity, Duration.ofNanos((long) (capacity / rate * 1e9))).build())
                    .build();
            return store.builder().build(key, () -> configuration);
        }

        @Override
        public void reset(String key) {
            leases.remove(key);
            store.removeProxy(key);
        }

        @Override
        public void resetAll() {
            leases.keySet().forEach(this::reset);
            fallback.resetAll();
        }

        @Override
        public void close() {
            connections.close();
        }
    }

    /** The tokens of one client's shared bucket this instance has taken and not yet handed out. */
    private static final class Lease {

        private final BucketProxy bucket;
        private final double rate;
        private long tokens;
        private long takenAt;

        Lease(BucketProxy bucket, double rate) {
            this.bucket = bucket;
            this.rate = rate;
        }

        synchronized long take(Properties properties) {
            long now = System.nanoTime();
            if (tokens > 0 && now - takenAt <= TimeUnit.MILLISECONDS.toNanos(properties.syncIntervalMs())) {
                tokens--;
                return 0;
            }
            long share = Math.max(1, (long) Math.floor(rate * properties.syncShare()));
            long taken = bucket.tryConsumeAsMuchAsPossible(share);
            if (taken > 0) {
                tokens = taken - 1;
                takenAt = now;
                return 0;
            }
            tokens = 0;
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? 0 : Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
        }
    }
}
