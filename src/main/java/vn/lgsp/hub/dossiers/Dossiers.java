package vn.lgsp.hub.dossiers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.TraceContext;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.ledger.LedgerQueries;

/**
 * The hub's record of dossiers: stored as registered (the document encrypted, since it names the
 * applicant), moved on by events in time order, and shown with what the ledger holds for them.
 */
@Component
public class Dossiers {

    /** Sync to the portal is done by the portal feature; until a dossier is synced it is PENDING. */
    public static final String PENDING = "PENDING";

    private final JdbcTemplate jdbc;
    private final DossierCommits commits;
    private final DossierSeals seals;
    private final ApplicationEventPublisher events;
    private final LedgerQueries ledger;

    Dossiers(JdbcTemplate jdbc, DossierCommits commits, DossierSeals seals, ApplicationEventPublisher events,
             LedgerQueries ledger) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.seals = seals;
        this.events = events;
        this.ledger = ledger;
    }

    /**
     * Creates or replaces a dossier; a dossier belongs to the client that created it. Returns its new version
     * once committed (with the changes of other requests: {@link DossierCommits}).
     */
    public int put(String clientId, String dossierId, DossierDocument document, String traceparent) {
        DataProtection.Sealed sealed = seals.sealDocument(dossierId, document);
        return committed(commits.commit(new DossierCommits.Change(clientId, dossierId, true) {
            /** A new dossier's status dates from its reception; a replaced one keeps the time of its latest event. */
            @Override
            DossierSnapshot apply(DossierCommits.State state, OffsetDateTime now) {
                if (state.version == 0) {
                    state.statusAt = document.receivedAt();
                }
                state.status = document.status();
                state.registered(document, sealed);
                return new DossierSnapshot(dossierId, state.version + 1, document, document.status(), state.statusAt,
                        null);
            }
        }), traceparent);
    }

    /**
     * Accepts a status event unless it is older than the latest accepted one. Returns the new version.
     *
     * @param handling who handled the dossier and how, reported to the portal as the dossier's progress
     */
    public int event(String clientId, String dossierId, DossierStatus newStatus, OffsetDateTime at,
                     DossierSnapshot.Handling handling, String traceparent) {
        return committed(commits.commit(new DossierCommits.Change(clientId, dossierId, false) {
            @Override
            DossierSnapshot apply(DossierCommits.State state, OffsetDateTime now) {
                if (at.toInstant().isBefore(state.statusAt.toInstant())) {
                    throw new HubException(ErrorCode.CONFLICT,
                            "The event is older than the dossier's latest accepted event");
                }
                state.status = newStatus;
                state.statusAt = at;
                return new DossierSnapshot(dossierId, state.version + 1, state.document(), newStatus, at, handling);
            }
        }), traceparent);
    }

    /** Published once committed, for the portal sync to queue, in the trace of the request that made it. */
    private int committed(DossierVersionAccepted accepted, String traceparent) {
        events.publishEvent(accepted.inTrace(TraceContext.validTraceparent(traceparent)));
        return accepted.version();
    }

    /** The snapshots of these dossier versions, as kept for the portal sync, in one read; a version not kept is absent. */
    public Map<DossierOutbox.Version, DossierSnapshot> snapshots(Collection<DossierOutbox.Version> versions) {
        Map<DossierOutbox.Version, DossierSnapshot> found = new HashMap<>();
        if (versions.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder("SELECT dossier_id, version, snapshot, key_version FROM dossier_sync WHERE ");
        List<Object> args = new ArrayList<>();
        for (DossierOutbox.Version v : versions) {
            sql.append(args.isEmpty() ? "" : " OR ").append("(dossier_id = ? AND version = ?)");
            args.add(v.dossierId());
            args.add(v.version());
        }
        jdbc.query(sql.toString(), rs -> {
            DossierOutbox.Version v = new DossierOutbox.Version(rs.getString(1), rs.getInt(2));
            found.put(v, seals.openSnapshot(v.dossierId(), v.version(), new DataProtection.Sealed(rs.getBytes(3),
                    rs.getInt(4))));
        }, args.toArray());
        return found;
    }

    /** A version's snapshot from its sealed form (as kept, and as a queued message carries it). */
    public DossierSnapshot open(String dossierId, int version, DataProtection.Sealed sealed) {
        return seals.openSnapshot(dossierId, version, sealed);
    }

    /**
     * Whether a snapshot sealed under this key version can be opened here: a message queued before its key was
     * retired cannot, and its version is read from the outbox instead (re-encrypted there to the current key).
     */
    public boolean opens(int keyVersion) {
        return seals.opens(keyVersion);
    }

    /** The dossier as registered, its current status and sync state, and the lookups the ledger holds for it. */
    public DossierView get(String clientId, String dossierId) {
        List<DossierView> found = jdbc.query("SELECT client_id, status, version, sync_state, sync_attempts, "
                        + "last_sync_error, last_synced_at, document, key_version FROM dossier WHERE dossier_id = ?",
                (rs, n) -> view(rs, clientId, dossierId), dossierId);
        if (found.isEmpty()) {
            throw notFound(dossierId);
        }
        return found.get(0);
    }

    private DossierView view(ResultSet rs, String clientId, String dossierId) throws SQLException {
        if (!rs.getString("client_id").equals(clientId)) {
            throw forbidden();
        }
        DossierDocument document = seals.openDocument(dossierId, new DataProtection.Sealed(rs.getBytes("document"),
                rs.getInt("key_version")));
        OffsetDateTime lastSynced = rs.getObject("last_synced_at", OffsetDateTime.class);
        List<DossierView.Lookup> lookups = ledger.lookupsOf(dossierId).stream()
                .map(l -> new DossierView.Lookup(l.source(),
                        l.at().atZoneSameInstant(BusinessTime.ZONE).toOffsetDateTime(), l.outcome(), l.servedFrom(),
                        l.correlationId()))
                .toList();
        return new DossierView(dossierId, document.procedureCode(), document.agencyCode(), document.receivedAt(),
                document.channel(), DossierStatus.valueOf(rs.getString("status")), document.applicant(),
                document.components(), document.procedureName(), document.fieldCode(), document.fieldName(),
                document.summary(), document.dueAt(), document.handlingUnit(), document.resultDelivery(),
                rs.getInt("version"), rs.getString("sync_state"), rs.getInt("sync_attempts"),
                rs.getString("last_sync_error"),
                lastSynced == null ? null : lastSynced.atZoneSameInstant(BusinessTime.ZONE).toOffsetDateTime(), lookups);
    }

    static HubException forbidden() {
        return new HubException(ErrorCode.FORBIDDEN, "This dossier was registered by another client");
    }

    static HubException notFound(String dossierId) {
        return new HubException(ErrorCode.NOT_FOUND, "No dossier " + dossierId);
    }
}
