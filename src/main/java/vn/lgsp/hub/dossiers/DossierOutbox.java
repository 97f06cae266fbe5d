package vn.lgsp.hub.dossiers;

import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.common.DataProtectionProperties;
import vn.lgsp.hub.common.Purgeable;
import vn.lgsp.hub.delivery.Claims;

/**
 * The sync state of each dossier version (the {@code dossier_sync} outbox, written in the version's own
 * transaction by {@link Dossiers}) and of each dossier ({@code dossier.sync_*}): what the portal sync reads
 * and marks as it queues, delivers, skips and dead-letters versions, a batch at a time. The dossiers package owns both
 * tables; the sync calls this, it writes neither itself.
 */
@Component
public class DossierOutbox implements Purgeable {

    /** A dossier version. */
    public record Version(String dossierId, int version) {
    }

    /** The order every batch here writes rows in, so that two batches never wait on each other in a cycle. */
    private static final Comparator<Version> IN_KEY_ORDER =
            Comparator.comparing(Version::dossierId).thenComparingInt(Version::version);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Duration retention;

    DossierOutbox(JdbcTemplate jdbc, TransactionTemplate tx, DataProtectionProperties protection) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.retention = Duration.ofDays(protection.purge().syncSnapshotRetentionDays());
    }

    /** Versions committed before this instant and never queued (the hub stopped between the commit and the send), oldest first. */
    public List<Version> unqueued(OffsetDateTime before, int limit) {
        return jdbc.query("SELECT dossier_id, version FROM dossier_sync WHERE enqueued_at IS NULL AND created_at < ? "
                + "ORDER BY created_at LIMIT ?", (rs, n) -> new Version(rs.getString(1), rs.getInt(2)), before, limit);
    }

    /**
     * Marks as queued those of these versions not queued yet whose dossier has no earlier version waiting to be
     * queued, in the caller's transaction, and returns them: their rows stay locked until it ends, so that a
     * version is claimed by one sender, and the queue holds a dossier's versions in their order whichever
     * instance committed each (a version claimed out of turn is left for the sweep, which queues the oldest
     * first). One batch, rows in key order (as every batch here locks them; a dossier's versions in the batch
     * are claimed one after the other); each row found by its key: the test on {@code enqueued_at} is written so
     * that the database cannot take the sweep's index on that column for it and scan every row not yet queued.
     */
    public List<Version> claim(Collection<Version> versions, OffsetDateTime at) {
        List<Version> inKeyOrder = versions.stream().sorted(IN_KEY_ORDER).toList();
        int[] updated = jdbc.batchUpdate("UPDATE dossier_sync SET enqueued_at = ? "
                        + "WHERE dossier_id = ? AND version = ? AND (enqueued_at IS NULL) IS TRUE "
                        + "AND NOT EXISTS (SELECT 1 FROM dossier_sync earlier WHERE earlier.dossier_id = ? "
                        + "AND earlier.version < ? AND earlier.enqueued_at IS NULL)",
                inKeyOrder.stream().map(v -> new Object[] {at, v.dossierId(), v.version(), v.dossierId(), v.version()})
                        .toList());
        return Claims.claimed(inKeyOrder, updated);
    }

    /** The latest version the portal has of each of these dossiers (0: none yet), in one read; a dossier the hub does not have is absent. */
    public Map<String, Integer> syncedVersions(Collection<String> dossierIds) {
        Map<String, Integer> found = new HashMap<>();
        if (dossierIds.isEmpty()) {
            return found;
        }
        jdbc.query("SELECT dossier_id, synced_version FROM dossier WHERE dossier_id IN ("
                + String.join(", ", Collections.nCopies(dossierIds.size(), "?")) + ")",
                rs -> {
                    found.put(rs.getString(1), rs.getInt(2));
                }, dossierIds.toArray());
        return found;
    }

    /** A delivery attempt of the dossier failed and is retried: counted at once, for its client to see the retries. */
    public void attempted(String dossierId) {
        jdbc.update("UPDATE dossier SET sync_attempts = sync_attempts + 1 WHERE dossier_id = ?", dossierId);
    }

    /**
     * What became of a batch of deliveries, in one transaction: the versions the portal now has, those not sent
     * because it had them, those dead-lettered (the dossier FAILED with what its client is to read), and the
     * last attempts per dossier (the retried ones are counted by {@link #attempted}). Dossiers are updated in id order, so two batches never wait on each other in a cycle.
     */
    public void settle(Outcomes outcomes, OffsetDateTime at) {
        tx.executeWithoutResult(status -> {
            // one update per dossier (its attempts, and the latest version delivered if any): every update
            // leaves a row version behind for the database to clean up
            Map<String, Integer> latest = new TreeMap<>();
            outcomes.attempts().keySet().forEach(id -> latest.put(id, 0));
            outcomes.delivered().forEach(v -> latest.merge(v.dossierId(), v.version(), Math::max));
            if (!latest.isEmpty()) {
                jdbc.batchUpdate("UPDATE dossier SET sync_attempts = sync_attempts + ?, "
                                + "sync_state = CASE WHEN synced_version >= ? THEN sync_state "
                                + "WHEN version = ? THEN 'SYNCED' ELSE 'PENDING' END, "
                                + "last_synced_at = CASE WHEN synced_version >= ? THEN last_synced_at ELSE ? END, "
                                + "last_sync_error = CASE WHEN synced_version >= ? THEN last_sync_error ELSE NULL END, "
                                + "synced_version = CASE WHEN synced_version >= ? THEN synced_version ELSE ? END "
                                + "WHERE dossier_id = ?",
                        latest.entrySet().stream().map(e -> {
                            int v = e.getValue();
                            return new Object[] {outcomes.attempts().getOrDefault(e.getKey(), 0), v, v, v, at, v, v, v,
                                    e.getKey()};
                        }).toList());
            }
            if (!outcomes.delivered().isEmpty()) {
                jdbc.batchUpdate("UPDATE dossier_sync SET state = 'DELIVERED', delivered_at = ? WHERE dossier_id = ? AND version = ?",
                        outcomes.delivered().stream().sorted(IN_KEY_ORDER)
                                .map(v -> new Object[] {at, v.dossierId(), v.version()}).toList());
            }
            if (!outcomes.skipped().isEmpty()) {
                jdbc.batchUpdate("UPDATE dossier_sync SET state = 'SKIPPED' WHERE dossier_id = ? AND version = ? AND state = 'QUEUED'",
                        outcomes.skipped().stream().sorted(IN_KEY_ORDER)
                                .map(v -> new Object[] {v.dossierId(), v.version()}).toList());
            }
            if (!outcomes.dead().isEmpty()) {
                jdbc.batchUpdate("UPDATE dossier SET sync_state = 'FAILED', last_sync_error = ? WHERE dossier_id = ?",
                        new TreeMap<>(byDossier(outcomes.dead())).entrySet().stream()
                                .map(e -> new Object[] {e.getValue(), e.getKey()}).toList());
                jdbc.batchUpdate("UPDATE dossier_sync SET state = 'DEAD' WHERE dossier_id = ? AND version = ?",
                        outcomes.dead().keySet().stream().sorted(IN_KEY_ORDER)
                                .map(v -> new Object[] {v.dossierId(), v.version()}).toList());
            }
        });
    }

    /** The reason shown of each dossier's latest dead version. */
    private static Map<String, String> byDossier(Map<Version, String> dead) {
        Map<String, String> reasons = new HashMap<>();
        dead.entrySet().stream().sorted(Map.Entry.comparingByKey(IN_KEY_ORDER))
                .forEach(e -> reasons.put(e.getKey().dossierId(), e.getValue()));
        return reasons;
    }

    /**
     * A batch's outcomes.
     *
     * @param dead each dead version with the reason its dossier's client is shown
     * @param attempts delivery attempts per dossier
     */
    public record Outcomes(List<Version> delivered, List<Version> skipped, Map<Version, String> dead,
                           Map<String, Integer> attempts) {
    }

    @Override
    public String purged() {
        return "dossier_sync";
    }

    /**
     * Versions the portal has (or skipped, having a newer one) for longer than the retention
     * ({@code hub.data-protection.purge.sync-snapshot-retention-days}): their snapshots are deleted. A version
     * still to be delivered, or dead-lettered (it may be replayed), is kept.
     */
    @Override
    public int purge(Instant now, int limit) {
        OffsetDateTime before = OffsetDateTime.ofInstant(now.minus(retention), ZoneOffset.UTC);
        List<Object[]> done = jdbc.query("SELECT dossier_id, version FROM dossier_sync WHERE state IN ('DELIVERED', "
                        + "'SKIPPED') AND COALESCE(delivered_at, created_at) < ? FETCH FIRST ? ROWS ONLY",
                (rs, n) -> new Object[] {rs.getString(1), rs.getInt(2)}, before, limit);
        if (done.isEmpty()) {
            return 0;
        }
        return Arrays.stream(jdbc.batchUpdate("DELETE FROM dossier_sync WHERE dossier_id = ? AND version = ? "
                + "AND state IN ('DELIVERED', 'SKIPPED')", done))
                .map(n -> n == Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0)).sum();
    }

    /** A dead-lettered version is queued again: the dossier shows PENDING until it is delivered. */
    public void replayed(Version v) {
        jdbc.update("UPDATE dossier SET sync_state = 'PENDING' WHERE dossier_id = ? AND sync_state = 'FAILED'",
                v.dossierId());
        jdbc.update("UPDATE dossier_sync SET state = 'QUEUED' WHERE dossier_id = ? AND version = ?",
                v.dossierId(), v.version());
    }
}
