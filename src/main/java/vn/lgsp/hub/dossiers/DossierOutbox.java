package vn.lgsp.hub.dossiers;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sync state of each dossier version (the {@code dossier_sync} outbox, written in the version's own
 * transaction by {@link Dossiers}) and of each dossier ({@code dossier.sync_*}): what the portal sync reads
 * and marks as it queues, delivers, skips and dead-letters versions. The dossiers package owns both
 * tables; the sync calls this, it writes neither itself.
 */
@Component
public class DossierOutbox {

    /** A dossier version. */
    public record Version(String dossierId, int version) {
    }

    private final JdbcTemplate jdbc;

    DossierOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Versions committed before this instant and never queued (the hub stopped between the commit and the send), oldest first. */
    public List<Version> unqueued(OffsetDateTime before) {
        return jdbc.query("SELECT dossier_id, version FROM dossier_sync WHERE enqueued_at IS NULL AND created_at < ? "
                + "ORDER BY created_at", (rs, n) -> new Version(rs.getString(1), rs.getInt(2)), before);
    }

    /** These versions are on the queue: marked in one batch. */
    public void queued(List<Version> versions, OffsetDateTime at) {
        jdbc.batchUpdate("UPDATE dossier_sync SET enqueued_at = ? WHERE dossier_id = ? AND version = ? AND enqueued_at IS NULL",
                versions.stream().map(v -> new Object[] {at, v.dossierId(), v.version()}).toList());
    }

    /** The latest version the portal has of this dossier (0: none yet); empty for a dossier the hub does not have. */
    public Optional<Integer> syncedVersion(String dossierId) {
        return jdbc.query("SELECT synced_version FROM dossier WHERE dossier_id = ?", (rs, n) -> rs.getInt(1), dossierId)
                .stream().findFirst();
    }

    /** Not sent: the portal already has this version or a newer one. */
    public void skipped(Version v) {
        jdbc.update("UPDATE dossier_sync SET state = 'SKIPPED' WHERE dossier_id = ? AND version = ? AND state = 'QUEUED'",
                v.dossierId(), v.version());
    }

    /** One more delivery attempt of the dossier (the first, and each retry). */
    public void attempted(String dossierId) {
        jdbc.update("UPDATE dossier SET sync_attempts = sync_attempts + 1 WHERE dossier_id = ?", dossierId);
    }

    /** The portal has the version: the dossier is SYNCED when it is its latest one. */
    public void delivered(Version v, OffsetDateTime at) {
        jdbc.update("UPDATE dossier SET synced_version = ?, "
                + "sync_state = CASE WHEN version = ? THEN 'SYNCED' ELSE 'PENDING' END, "
                + "last_synced_at = ?, last_sync_error = NULL WHERE dossier_id = ? AND synced_version < ?",
                v.version(), v.version(), at, v.dossierId(), v.version());
        jdbc.update("UPDATE dossier_sync SET state = 'DELIVERED', delivered_at = ? WHERE dossier_id = ? AND version = ?",
                at, v.dossierId(), v.version());
    }

    /** The version was dead-lettered: the dossier shows FAILED with what its client is to read. */
    public void dead(Version v, String shownReason) {
        jdbc.update("UPDATE dossier SET sync_state = 'FAILED', last_sync_error = ? WHERE dossier_id = ?",
                shownReason, v.dossierId());
        jdbc.update("UPDATE dossier_sync SET state = 'DEAD' WHERE dossier_id = ? AND version = ?",
                v.dossierId(), v.version());
    }

    /** A dead-lettered version is queued again: the dossier shows PENDING until it is delivered. */
    public void replayed(Version v) {
        jdbc.update("UPDATE dossier SET sync_state = 'PENDING' WHERE dossier_id = ? AND sync_state = 'FAILED'",
                v.dossierId());
        jdbc.update("UPDATE dossier_sync SET state = 'QUEUED' WHERE dossier_id = ? AND version = ?",
                v.dossierId(), v.version());
    }
}
