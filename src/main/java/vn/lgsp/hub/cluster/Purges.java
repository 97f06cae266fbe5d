package vn.lgsp.hub.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtectionProperties;
import vn.lgsp.hub.common.Purgeable;

/**
 * Deletes what is kept no longer ({@link Purgeable}: expired reuse copies, delivered sync snapshots past their
 * retention): every {@code hub.data-protection.purge.interval-ms}, on one hub instance at a time, each a batch
 * of {@code batch-size} rows per transaction until none is left. {@code hub_purged_rows_total{table}} counts them.
 */
@Component
public class Purges extends ClusterRound {

    private static final Logger LOG = LoggerFactory.getLogger(Purges.class);
    static final String LOCK = "data-protection.purge";
    private static final long FIRST_ROUND_MS = 10_000;

    private final List<Purgeable> purgeables;
    private final ClusterLocks locks;
    private final Clock clock;
    private final DataProtectionProperties.Purge settings;
    private final Map<String, Counter> purged = new LinkedHashMap<>();

    Purges(List<Purgeable> purgeables, ClusterLocks locks, Clock clock, DataProtectionProperties properties,
           MeterRegistry meters) {
        super(locks, LOCK, "purge", Schedule.every(properties.purge().intervalMs(), FIRST_ROUND_MS));
        this.purgeables = List.copyOf(purgeables);
        this.locks = locks;
        this.clock = clock;
        this.settings = properties.purge();
        for (Purgeable p : purgeables) {
            purged.put(p.purged(), Counter.builder("hub.purged.rows")
                    .description("Rows deleted because they were kept long enough: expired reuse copies, old snapshots")
                    .tag("table", p.purged()).register(meters));
        }
    }

    /**
     * One round: each purgeable's rows deleted, a batch per transaction, until a batch finds fewer than it may
     * take.
     *
     * @return the rows deleted; none when another instance holds the job
     */
    public long round() {
        long deleted = 0;
        for (Purgeable p : purgeables) {
            while (true) {
                Optional<Integer> batch = locks.whileHolding(LOCK, () -> p.purge(clock.instant(), settings.batchSize()));
                if (batch.isEmpty()) {
                    return deleted;
                }
                deleted += batch.get();
                purged.get(p.purged()).increment(batch.get());
                if (batch.get() < settings.batchSize()) {
                    break;
                }
            }
        }
        if (deleted > 0) {
            LOG.info("purge: {} rows kept past their time deleted", deleted);
        }
        return deleted;
    }

    @Override
    protected void scheduledRound() {
        round();
    }
}
