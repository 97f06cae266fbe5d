package vn.lgsp.hub.dossiers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.DataProtection;
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
    private final TransactionTemplate tx;
    private final DataProtection protection;
    private final ObjectMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final LedgerQueries ledger;

    public Dossiers(JdbcTemplate jdbc, TransactionTemplate tx, DataProtection protection, ObjectMapper json, Clock clock,
                    ApplicationEventPublisher events, LedgerQueries ledger) {
        this.events = events;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
        this.protection = protection;
        this.json = json;
        this.clock = clock;
    }

    /** Creates or replaces a dossier; a dossier belongs to the client that created it. Returns its new version. */
    public int put(String clientId, String dossierId, DossierDocument document) {
        byte[] sealed = protection.encrypt(toJson(document), associatedData(dossierId));
        OffsetDateTime receivedAt = document.receivedAt();
        OffsetDateTime now = now();
        DossierVersionAccepted accepted = tx.execute(status -> {
            Optional<Row> existing = lock(dossierId);
            if (existing.isEmpty()) {
                jdbc.update("INSERT INTO dossier (dossier_id, client_id, procedure_code, agency_code, received_at, "
                                + "received_date, channel, status, status_at, declared_reuse, document, version, sync_state, "
                                + "sync_attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?)",
                        dossierId, clientId, document.procedureCode(), document.agencyCode(), utc(receivedAt),
                        receivedAt.atZoneSameInstant(BusinessTime.ZONE).toLocalDate(), document.channel().name(),
                        document.status().name(), utc(receivedAt), document.declaresReuse(), sealed, PENDING, now);
                return keepVersion(new DossierSnapshot(dossierId, 1, document, document.status(), receivedAt, null), now);
            }
            Row row = existing.get();
            requireOwner(row, clientId);
            int version = row.version() + 1;
            jdbc.update("UPDATE dossier SET procedure_code = ?, agency_code = ?, received_at = ?, received_date = ?, "
                            + "channel = ?, status = ?, declared_reuse = ?, document = ?, version = ?, sync_state = ?, "
                            + "updated_at = ? WHERE dossier_id = ?",
                    document.procedureCode(), document.agencyCode(), utc(receivedAt),
                    receivedAt.atZoneSameInstant(BusinessTime.ZONE).toLocalDate(), document.channel().name(),
                    document.status().name(), document.declaresReuse(), sealed, version, PENDING, now, dossierId);
            return keepVersion(new DossierSnapshot(dossierId, version, document, document.status(),
                    OffsetDateTime.ofInstant(row.statusAt(), ZoneOffset.UTC), null), now);
        });
        events.publishEvent(accepted);
        return accepted.version();
    }

    /**
     * Accepts a status event unless it is older than the latest accepted one. Returns the new version.
     *
     * @param handling who handled the dossier and how, reported to the portal as the dossier's progress
     */
    public int event(String clientId, String dossierId, DossierStatus newStatus, OffsetDateTime at,
                     DossierSnapshot.Handling handling) {
        OffsetDateTime now = now();
        DossierVersionAccepted accepted = tx.execute(status -> {
            Row row = lock(dossierId).orElseThrow(() -> notFound(dossierId));
            requireOwner(row, clientId);
            if (at.toInstant().isBefore(row.statusAt())) {
                throw new HubException(ErrorCode.CONFLICT,
                        "The event is older than the dossier's latest accepted event");
            }
            int version = row.version() + 1;
            jdbc.update("UPDATE dossier SET status = ?, status_at = ?, version = ?, sync_state = ?, updated_at = ? "
                    + "WHERE dossier_id = ?", newStatus.name(), utc(at), version, PENDING, now, dossierId);
            jdbc.update("INSERT INTO dossier_event (dossier_id, version, status, at, accepted_at) VALUES (?, ?, ?, ?, ?)",
                    dossierId, version, newStatus.name(), utc(at), now);
            return keepVersion(new DossierSnapshot(dossierId, version, document(dossierId), newStatus, at, handling), now);
        });
        events.publishEvent(accepted);
        return accepted.version();
    }

    /** The snapshots of these dossier versions, as kept for the portal sync, in one read; a version not kept is absent. */
    public Map<DossierOutbox.Version, DossierSnapshot> snapshots(Collection<DossierOutbox.Version> versions) {
        Map<DossierOutbox.Version, DossierSnapshot> found = new HashMap<>();
        if (versions.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder("SELECT dossier_id, version, snapshot FROM dossier_sync WHERE ");
        List<Object> args = new ArrayList<>();
        for (DossierOutbox.Version v : versions) {
            sql.append(args.isEmpty() ? "" : " OR ").append("(dossier_id = ? AND version = ?)");
            args.add(v.dossierId());
            args.add(v.version());
        }
        jdbc.query(sql.toString(), rs -> {
            DossierOutbox.Version v = new DossierOutbox.Version(rs.getString(1), rs.getInt(2));
            found.put(v, open(v.dossierId(), v.version(), rs.getBytes(3)));
        }, args.toArray());
        return found;
    }

    /** A version's snapshot from its sealed form (as kept, and as a queued message carries it). */
    public DossierSnapshot open(String dossierId, int version, byte[] sealed) {
        return fromJson(protection.decrypt(sealed, snapshotData(dossierId, version)), DossierSnapshot.class);
    }

    /** Keeps the version's snapshot, sealed, in the outbox row; returns what is published after the commit. */
    private DossierVersionAccepted keepVersion(DossierSnapshot snapshot, OffsetDateTime now) {
        byte[] sealed = protection.encrypt(toJson(snapshot), snapshotData(snapshot.dossierId(), snapshot.version()));
        jdbc.update("INSERT INTO dossier_sync (dossier_id, version, snapshot, state, created_at) VALUES (?, ?, ?, 'QUEUED', ?)",
                snapshot.dossierId(), snapshot.version(), sealed, now);
        return new DossierVersionAccepted(snapshot.dossierId(), snapshot.version(), sealed);
    }

    private DossierDocument document(String dossierId) {
        byte[] sealed = jdbc.queryForObject("SELECT document FROM dossier WHERE dossier_id = ?", byte[].class, dossierId);
        return fromJson(protection.decrypt(sealed, associatedData(dossierId)), DossierDocument.class);
    }

    /** The dossier as registered, its current status and sync state, and the lookups the ledger holds for it. */
    public DossierView get(String clientId, String dossierId) {
        List<DossierView> found = jdbc.query("SELECT client_id, status, version, sync_state, sync_attempts, "
                        + "last_sync_error, last_synced_at, document FROM dossier WHERE dossier_id = ?",
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
        DossierDocument document = fromJson(protection.decrypt(rs.getBytes("document"), associatedData(dossierId)),
                DossierDocument.class);
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

    private Optional<Row> lock(String dossierId) {
        return jdbc.query("SELECT client_id, version, status_at FROM dossier WHERE dossier_id = ? FOR UPDATE",
                (rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toInstant()),
                dossierId).stream().findFirst();
    }

    private static void requireOwner(Row row, String clientId) {
        if (!row.clientId().equals(clientId)) {
            throw forbidden();
        }
    }

    private static HubException forbidden() {
        return new HubException(ErrorCode.FORBIDDEN, "This dossier was registered by another client");
    }

    private static HubException notFound(String dossierId) {
        return new HubException(ErrorCode.NOT_FOUND, "No dossier " + dossierId);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private byte[] toJson(Object document) {
        try {
            return json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A dossier document always serialises", e);
        }
    }

    private <T> T fromJson(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String associatedData(String dossierId) {
        return "dossier:" + dossierId;
    }

    private static String snapshotData(String dossierId, int version) {
        return "dossier_sync:" + dossierId + ":" + version;
    }

    private record Row(String clientId, int version, Instant statusAt) {
    }
}
