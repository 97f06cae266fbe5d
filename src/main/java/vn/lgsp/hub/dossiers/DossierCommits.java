package vn.lgsp.hub.dossiers;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * Group commit of dossier changes (PUTs and status events): the changes requested while one transaction
 * commits are applied together in the next, in the order they came — their dossiers locked in one read,
 * their rows written in one batched statement each, one commit (one sync of the database's log) for them
 * all. Each caller waits for its own change's commit and gets its new version, or the refusal of its change
 * alone (another client's dossier, an event older than the latest): a refused change writes nothing and
 * does not hold up the others. Should the batch's transaction fail, each of its changes is applied again
 * alone, so that one change's failure never becomes another's.
 */
@Component
class DossierCommits implements SmartLifecycle {

    private static final int MAX_BATCH = 200;
    private static final long WAIT_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(DossierCommits.class);

    /** A change of one dossier by one client, applied to the dossier's state as the batch has it. */
    abstract static class Change {
        private final String clientId;
        private final String dossierId;
        private final boolean creates;

        /** @param creates whether the change creates the dossier when it does not exist (a PUT); an event needs it to exist */
        Change(String clientId, String dossierId, boolean creates) {
            this.clientId = clientId;
            this.dossierId = dossierId;
            this.creates = creates;
        }

        String dossierId() {
            return dossierId;
        }

        String clientId() {
            return clientId;
        }

        /** The new version's snapshot, the state changed; throws a {@link HubException} to refuse the change. */
        abstract DossierSnapshot apply(State state, OffsetDateTime now);

        boolean creates() {
            return creates;
        }
    }

    /** A dossier as the batch has it: read (locked) from the database, then changed by the batch's changes in order. */
    static final class State {
        final String dossierId;
        String clientId;
        int version;
        OffsetDateTime statusAt;
        DossierStatus status;
        DossierDocument document;
        DataProtection.Sealed sealedDocument;
        private final boolean stored;
        private boolean documentChanged;
        private boolean changed;
        private final DossierSeals seals;

        State(String dossierId, String clientId, int version, OffsetDateTime statusAt, DossierStatus status,
              DataProtection.Sealed sealedDocument, boolean stored, DossierSeals seals) {
            this.dossierId = dossierId;
            this.clientId = clientId;
            this.version = version;
            this.statusAt = statusAt;
            this.status = status;
            this.sealedDocument = sealedDocument;
            this.stored = stored;
            this.seals = seals;
        }

        /** The dossier's document as registered (read from its sealed form when the batch has not changed it). */
        DossierDocument document() {
            if (document == null) {
                document = seals.openDocument(dossierId, sealedDocument);
            }
            return document;
        }

        /** A PUT's document replaces the dossier's (sealed by the caller, off the committing thread). */
        void registered(DossierDocument newDocument, DataProtection.Sealed sealed) {
            document = newDocument;
            sealedDocument = sealed;
            documentChanged = true;
        }
    }

    private record Pending(Change change, CompletableFuture<DossierVersionAccepted> result) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final DossierSeals seals;
    private final Clock clock;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread committer;

    DossierCommits(JdbcTemplate jdbc, TransactionTemplate tx, DossierSeals seals, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.tx = tx;
        this.seals = seals;
    }

    /** Applies the change with the next batch and returns once it is committed: the new version, sealed. */
    DossierVersionAccepted commit(Change change) {
        Pending p = new Pending(change, new CompletableFuture<>());
        if (!running) {
            // not started, or stopping: applied alone, on the caller's thread
            applyAlone(List.of(p));
        } else {
            pending.add(p);
        }
        try {
            return p.result().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("A dossier change failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for a dossier change's commit", e);
        } catch (TimeoutException e) {
            throw new HubException(ErrorCode.OVERLOADED, "The dossier store did not commit in time");
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                applyTogether(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.result().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                LOG.error("dossier commits: a batch failed outside its transaction: {}", e.getClass().getName());
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** The batch in one transaction; if it fails, each change alone. */
    private void applyTogether(List<Pending> batch) {
        Map<Pending, Object> outcomes;
        try {
            outcomes = tx.execute(status -> apply(batch));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            LOG.warn("dossier commits: a batch of {} failed ({}), applying each alone", batch.size(),
                    e.getClass().getName());
            applyAlone(batch);
            return;
        }
        complete(outcomes);
    }

    private void applyAlone(List<Pending> batch) {
        for (Pending p : batch) {
            try {
                complete(tx.execute(status -> apply(List.of(p))));
            } catch (RuntimeException e) {
                p.result().completeExceptionally(e);
            }
        }
    }

    private static void complete(Map<Pending, Object> outcomes) {
        outcomes.forEach((p, outcome) -> {
            if (outcome instanceof DossierVersionAccepted accepted) {
                p.result().complete(accepted);
            } else {
                p.result().completeExceptionally((RuntimeException) outcome);
            }
        });
    }

    /**
     * Within the transaction: locks the batch's dossiers in one read (in id order), applies each change to its
     * dossier's state in order, then writes the new and changed dossiers, the events and the outbox rows, one
     * batched statement each. Returns each change's new version, or its refusal.
     */
    private Map<Pending, Object> apply(List<Pending> batch) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Map<String, State> states = lock(batch);
        Map<Pending, Object> outcomes = new HashMap<>();
        List<DossierVersionAccepted> versions = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        for (Pending p : batch) {
            Change change = p.change();
            try {
                State state = states.get(change.dossierId());
                if (state == null) {
                    if (!change.creates()) {
                        throw Dossiers.notFound(change.dossierId());
                    }
                    state = new State(change.dossierId(), change.clientId(), 0, null, null, null, false, seals);
                    states.put(change.dossierId(), state);
                } else if (!state.clientId.equals(change.clientId())) {
                    throw Dossiers.forbidden();
                }
                DossierSnapshot snapshot = change.apply(state, now);
                state.version = snapshot.version();
                state.changed = true;
                if (!change.creates()) {
                    events.add(new Object[] {state.dossierId, snapshot.version(), snapshot.status().name(),
                            utc(snapshot.statusAt()), now});
                }
                DossierVersionAccepted accepted = seals.sealSnapshot(snapshot);
                versions.add(accepted);
                outcomes.put(p, accepted);
            } catch (HubException refused) {
                outcomes.put(p, refused);
            }
        }
        write(states, versions, events, now);
        return outcomes;
    }

    private Map<String, State> lock(List<Pending> batch) {
        TreeSet<String> ids = new TreeSet<>();
        batch.forEach(p -> ids.add(p.change().dossierId()));
        Map<String, State> states = new HashMap<>();
        jdbc.query("SELECT dossier_id, client_id, version, status_at, status, document, key_version FROM dossier "
                + "WHERE dossier_id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ") ORDER BY dossier_id FOR UPDATE", rs -> {
                    String id = rs.getString(1);
                    states.put(id, new State(id, rs.getString(2), rs.getInt(3), rs.getObject(4, OffsetDateTime.class),
                            DossierStatus.valueOf(rs.getString(5)), new DataProtection.Sealed(rs.getBytes(6), rs.getInt(7)),
                            true, seals));
                }, ids.toArray());
        return states;
    }

    private void write(Map<String, State> states, List<DossierVersionAccepted> versions, List<Object[]> events,
                       OffsetDateTime now) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> moves = new ArrayList<>();
        for (State s : new TreeMap<>(states).values()) {
            if (!s.changed) {
                continue;
            }
            if (!s.stored) {
                DossierDocument d = s.document;
                inserts.add(new Object[] {s.dossierId, s.clientId, d.procedureCode(), d.agencyCode(), utc(d.receivedAt()),
                        d.receivedAt().atZoneSameInstant(BusinessTime.ZONE).toLocalDate(), d.channel().name(),
                        s.status.name(), utc(s.statusAt), d.declaresReuse(), d.allComponentsDigitized(),
                        s.sealedDocument.ciphertext(), s.sealedDocument.keyVersion(), s.version, Dossiers.PENDING, now});
            } else if (s.documentChanged) {
                DossierDocument d = s.document;
                updates.add(new Object[] {d.procedureCode(), d.agencyCode(), utc(d.receivedAt()),
                        d.receivedAt().atZoneSameInstant(BusinessTime.ZONE).toLocalDate(), d.channel().name(),
                        s.status.name(), utc(s.statusAt), d.declaresReuse(), s.sealedDocument.ciphertext(),
                        s.sealedDocument.keyVersion(), s.version,
                        Dossiers.PENDING, now, s.dossierId});
            } else {
                moves.add(new Object[] {s.status.name(), utc(s.statusAt), s.version, Dossiers.PENDING, now, s.dossierId});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO dossier (dossier_id, client_id, procedure_code, agency_code, received_at, "
                    + "received_date, channel, status, status_at, declared_reuse, components_digitized, document, "
                    + "key_version, version, sync_state, sync_attempts, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE dossier SET procedure_code = ?, agency_code = ?, received_at = ?, received_date = ?, "
                    + "channel = ?, status = ?, status_at = ?, declared_reuse = ?, document = ?, key_version = ?, version = ?, "
                    + "sync_state = ?, updated_at = ? WHERE dossier_id = ?", updates);
        }
        if (!moves.isEmpty()) {
            jdbc.batchUpdate("UPDATE dossier SET status = ?, status_at = ?, version = ?, sync_state = ?, updated_at = ? "
                    + "WHERE dossier_id = ?", moves);
        }
        if (!events.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO dossier_event (dossier_id, version, status, at, accepted_at) VALUES (?, ?, ?, ?, ?)",
                    events);
        }
        if (!versions.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO dossier_sync (dossier_id, version, snapshot, key_version, state, created_at) "
                    + "VALUES (?, ?, ?, ?, 'QUEUED', ?)", versions.stream()
                    .map(v -> new Object[] {v.dossierId(), v.version(), v.sealedSnapshot().ciphertext(),
                            v.sealedSnapshot().keyVersion(), now}).toList());
        }
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    public void start() {
        running = true;
        committer = new Thread(this::run, "dossier-commits");
        committer.setDaemon(true);
        committer.start();
    }

    /** Commits what is waiting (the committer finishes its queue), then applies any later change on its caller's thread. */
    @Override
    public void stop() {
        running = false;
        if (committer != null) {
            try {
                committer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped after the web server (which stops taking requests first) and before the database. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
