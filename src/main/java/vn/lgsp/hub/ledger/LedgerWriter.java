package vn.lgsp.hub.ledger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.reuse.ReuseCopy;
import vn.lgsp.hub.reuse.ReuseStore;

/**
 * Writes the reuse ledger. A lookup hands over its row (and the reuse copy to keep, if any) and
 * waits until the row is kept; then it is answered. The thread of one waiting lookup keeps
 * everything waiting in one step ({@link #record}), so every lookup waiting shares that step's cost:
 * <ul>
 *   <li>with the journal (the default, {@code hub.ledger.journal}): one append to the journal file
 *       ({@link LedgerJournal}); an import thread then moves the journaled rows into the database,
 *       hundreds per transaction, at most {@code import-delay-ms} after they were journaled, with the
 *       journal position they reach in the same transaction. On start the rows journaled and not yet
 *       imported (the hub stopped or was killed) are imported before any lookup is taken. Reads that
 *       must see every answered lookup ({@link #awaitImported}) have the import done first, and the
 *       reuse store serves the copies on their way ({@link ReuseStore#held});</li>
 *   <li>without: one database transaction, committed before the lookups are answered.</li>
 * </ul>
 * Either way, a lookup is answered only once its row will be in the ledger even if the hub is killed
 * right after.
 */
@Component
public class LedgerWriter implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

    private static final String MERGE_DOSSIER_SOURCE = "MERGE INTO dossier_source t "
            + "USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(32)), CAST(? AS TIMESTAMP WITH TIME ZONE))) "
            + "AS s (dossier_id, source, first_found_at) "
            + "ON t.dossier_id = s.dossier_id AND t.source = s.source "
            + "WHEN NOT MATCHED THEN INSERT (dossier_id, source, first_found_at) "
            + "VALUES (s.dossier_id, s.source, s.first_found_at)";
    private static final String DOSSIER_AGENCIES = "SELECT dossier_id, agency_code FROM dossier WHERE dossier_id = ANY (?)";
    private static final String MERGE_DAILY = "MERGE INTO lookup_daily t "
            + "USING (VALUES (CAST(? AS VARCHAR(16)), CAST(? AS DATE), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(32)), "
            + "CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(16)), CAST(? AS BIGINT))) "
            + "AS s (dimension, business_date, dimension_key, source, outcome, served_from, lookups) "
            + "ON t.dimension = s.dimension AND t.business_date = s.business_date "
            + "AND t.dimension_key = s.dimension_key AND t.source = s.source AND t.outcome = s.outcome "
            + "AND t.served_from = s.served_from "
            + "WHEN MATCHED THEN UPDATE SET lookups = t.lookups + s.lookups "
            + "WHEN NOT MATCHED THEN INSERT (dimension, business_date, dimension_key, source, outcome, served_from, "
            + "lookups) VALUES (s.dimension, s.business_date, s.dimension_key, s.source, s.outcome, s.served_from, "
            + "s.lookups)";
    /** The counters by agency and procedure together (V16), which a report filtered to either reads. */
    private static final String MERGE_AGENCY_PROCEDURE = "MERGE INTO lookup_daily_agency_procedure t "
            + "USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS DATE), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(32)), "
            + "CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(16)), CAST(? AS BIGINT))) "
            + "AS s (agency_code, business_date, procedure_code, source, outcome, served_from, lookups) "
            + "ON t.agency_code = s.agency_code AND t.business_date = s.business_date "
            + "AND t.procedure_code = s.procedure_code AND t.source = s.source AND t.outcome = s.outcome "
            + "AND t.served_from = s.served_from "
            + "WHEN MATCHED THEN UPDATE SET lookups = t.lookups + s.lookups "
            + "WHEN NOT MATCHED THEN INSERT (agency_code, business_date, procedure_code, source, outcome, served_from, "
            + "lookups) VALUES (s.agency_code, s.business_date, s.procedure_code, s.source, s.outcome, s.served_from, "
            + "s.lookups)";
    /** A unique key inserted by another hub instance between our MERGE's check and insert; a deadlock. */
    private static final Set<String> RETRYABLE_STATES = Set.of("23505", "40001", "40P01");
    private static final int ATTEMPTS = 3;

    private static final String POSITION = "SELECT segment, segment_offset FROM ledger_journal WHERE journal_id = ?";
    private static final String MERGE_POSITION = "MERGE INTO ledger_journal t "
            + "USING (VALUES (CAST(? AS VARCHAR(36)), CAST(? AS BIGINT), CAST(? AS BIGINT), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s (journal_id, segment, segment_offset, imported_at) "
            + "ON t.journal_id = s.journal_id "
            + "WHEN MATCHED THEN UPDATE SET segment = s.segment, segment_offset = s.segment_offset, "
            + "imported_at = s.imported_at "
            + "WHEN NOT MATCHED THEN INSERT (journal_id, segment, segment_offset, imported_at) "
            + "VALUES (s.journal_id, s.segment, s.segment_offset, s.imported_at)";
    /** How long an import that failed waits before it is tried again, at first and at most. */
    private static final long RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;
    private static final String UNKNOWN = "unknown";

    private final DataSource dataSource;
    private final LedgerProperties properties;
    private final ReuseStore reuse;
    private final DistributionSummary batches;
    private final Timer commits;
    private volatile boolean running;

    // the rows waiting to be kept, and whether a lookup's thread is keeping a batch: guarded by `keeping`
    private final ReentrantLock keeping = new ReentrantLock();
    private final Condition kept = keeping.newCondition();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean busy;

    // the journal and its import; the fields below the journal are guarded by `imports`
    private volatile LedgerJournal journal;
    private Thread importer;
    private final Object imports = new Object();
    private final ArrayDeque<Journaled> journaled = new ArrayDeque<>();
    /** Rows journaled and rows imported since the start: a row's number is its place in the first count. */
    private volatile long journaledRows;
    private volatile long importedRows;
    /** Rows a reader waits to see imported ({@link #awaitImported}). */
    private long wanted;
    private boolean stopped;

    public LedgerWriter(DataSource dataSource, LedgerProperties properties, ReuseStore reuse, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.reuse = reuse;
        this.batches = DistributionSummary.builder("hub.ledger.batch").baseUnit("rows")
                .description("Rows per ledger transaction").register(meters);
        this.commits = Timer.builder("hub.ledger.commit").publishPercentileHistogram()
                .description("Ledger transactions into the database (rows, counters, chain), committed or failed")
                .register(meters);
        Gauge.builder("hub.ledger.journal.backlog", this, w -> w.backlog()).baseUnit("rows")
                .description("Rows of answered lookups in the ledger's journal and not yet in the database")
                .register(meters);
    }

    /**
     * Records a lookup and returns once its row is kept: journaled, or committed to the database.
     * The rows of lookups waiting at once are kept together, by the thread of one of them: the first
     * that finds no batch being kept keeps everything waiting (at most {@code max-batch} rows), while
     * the others wait for it; so a lookup alone pays one write and no hand-over to another thread,
     * and lookups at once share one write.
     *
     * @param copy the reuse copy to keep with it, or null
     * @throws HubException {@code hub.ledger_unavailable} when the row could not be kept
     */
    public void record(LedgerEntry entry, ReuseCopy copy) {
        if (!properties.enabled()) {
            return;
        }
        Pending pending = new Pending(entry, copy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(properties.commitTimeoutMs());
        keeping.lock();
        try {
            if (!running || waiting.size() >= properties.queueCapacity() || backlog() >= properties.queueCapacity()) {
                throw unavailable(null);
            }
            waiting.add(pending);
            while (!pending.settled) {
                if (!busy) {
                    keepWaiting();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    waiting.remove(pending);
                    throw unavailable(null);
                }
                kept.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            waiting.remove(pending);
            throw unavailable(e);
        } finally {
            keeping.unlock();
        }
        if (pending.failure != null) {
            throw unavailable(pending.failure);
        }
    }

    /**
     * Keeps the rows waiting (at most {@code max-batch}): called holding {@code keeping}, with no batch
     * being kept; releases the lock while it writes. A batch that fails, with an {@link Error} too (the
     * heap ran out), fails its lookups (503), and the next lookup writes anew.
     */
    private void keepWaiting() {
        busy = true;
        List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), properties.maxBatch()));
        while (!waiting.isEmpty() && batch.size() < properties.maxBatch()) {
            batch.add(waiting.poll());
        }
        keeping.unlock();
        Throwable failure = null;
        try {
            if (journal != null) {
                append(batch);
            } else {
                commit(batch, null);
                batches.record(batch.size());
            }
        } catch (Exception | Error e) {
            LOG.error("ledger batch of {} rows not kept: {}", batch.size(), e.getClass().getName());
            failure = e;
        } finally {
            keeping.lock();
            busy = false;
            for (Pending p : batch) {
                p.failure = failure;
                p.settled = true;
            }
            kept.signalAll();
        }
    }

    /**
     * Waits until every row journaled before the call is in the database (at most
     * {@code commit-timeout-ms}), so that a read of the ledger's tables sees every lookup answered.
     * Without the journal, rows are there when their lookups are answered.
     *
     * @return whether they are
     */
    public boolean awaitImported() {
        if (journal == null) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(properties.commitTimeoutMs());
        synchronized (imports) {
            long target = journaledRows;
            if (target > wanted) {
                wanted = target;
                imports.notifyAll();
            }
            while (importedRows < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(imports, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Rows journaled and not yet imported. */
    private long backlog() {
        return importedRows >= journaledRows ? 0 : journaledRows - importedRows;
    }

    // --- the journal -----------------------------------------------------------------------------

    /** Appends the batch to the journal and hands it to the import. */
    private void append(List<Pending> batch) throws IOException {
        List<byte[]> records = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            records.add(LedgerJournal.encode(p.entry(), p.copy()));
        }
        LedgerJournal.Position[] ends = journal.append(records);
        long now = System.nanoTime();
        for (Pending p : batch) {
            if (p.copy() != null) {
                reuse.held(p.copy());
            }
        }
        synchronized (imports) {
            for (int i = 0; i < batch.size(); i++) {
                journaled.add(new Journaled(batch.get(i).entry(), batch.get(i).copy(), ends[i], now));
            }
            journaledRows += batch.size();
            if (journaled.size() >= properties.maxBatch() || properties.importDelayMs() == 0) {
                imports.notifyAll();
            }
        }
    }

    // --- the import thread: journal to database ------------------------------------------------

    private void importJournaled() {
        long retry = RETRY_MS;
        long stopBy = Long.MAX_VALUE;
        long releasedBefore = journal.start().segment();
        while (true) {
            List<Journaled> rows;
            synchronized (imports) {
                try {
                    while (!importDue()) {
                        if (stopped && journaled.isEmpty()) {
                            return;
                        }
                        long waitMs = journaled.isEmpty() ? 1_000 : Math.max(1, properties.importDelayMs()
                                - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - journaled.peekFirst().at()));
                        imports.wait(waitMs);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                rows = new ArrayList<>(Math.min(journaled.size(), properties.maxBatch()));
                for (Journaled j : journaled) {
                    if (rows.size() == properties.maxBatch()) {
                        break;
                    }
                    rows.add(j);
                }
                if (stopped && stopBy == Long.MAX_VALUE) {
                    stopBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(properties.commitTimeoutMs());
                }
            }
            LedgerJournal.Position end = rows.get(rows.size() - 1).end();
            try {
                commit(rows, end);
                batches.record(rows.size());
                retry = RETRY_MS;
            } catch (Exception | Error e) {
                LOG.error("ledger import of {} journaled rows failed, tried again in {} ms: {}", rows.size(), retry,
                        e.getClass().getName());
                if (System.nanoTime() > stopBy) {
                    LOG.error("ledger: {} journaled rows left for the next start to import", backlog());
                    return;
                }
                sleep(retry);
                retry = Math.min(retry * 2, MAX_RETRY_MS);
                continue;
            }
            // the copies are in the database now: the store stops holding them before a reader waiting for the
            // import is let go, so that reader sees the database's copy (its expiry too), not the one held
            for (Journaled j : rows) {
                if (j.copy() != null) {
                    reuse.written(j.copy());
                }
            }
            synchronized (imports) {
                for (int i = 0; i < rows.size(); i++) {
                    journaled.removeFirst();
                }
                importedRows += rows.size();
                imports.notifyAll();
            }
            try {
                // a segment is wholly imported only once the import reaches the next one
                if (end.segment() > releasedBefore) {
                    journal.release(end);
                    releasedBefore = end.segment();
                }
            } catch (IOException e) {
                LOG.warn("ledger journal files imported could not be deleted: {}", e.getClass().getName());
            }
        }
    }

    /** Whether to import now: a batch is full, a reader waits, the oldest row is due, or the hub stops. Under `imports`. */
    private boolean importDue() {
        if (journaled.isEmpty()) {
            return false;
        }
        return journaled.size() >= properties.maxBatch() || wanted > importedRows || stopped
                || System.nanoTime() - journaled.peekFirst().at() >= TimeUnit.MILLISECONDS.toNanos(properties.importDelayMs());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Imports what the journal holds after the position the database has for it: the rows of lookups
     * answered before the hub last stopped and not yet imported.
     */
    private void recover() throws IOException, SQLException {
        LedgerJournal.Position from = importedPosition();
        List<LedgerJournal.Entry> left = journal.recordsFrom(from);
        for (int i = 0; i < left.size(); i += properties.maxBatch()) {
            List<LedgerJournal.Entry> rows = left.subList(i, Math.min(left.size(), i + properties.maxBatch()));
            commit(rows, rows.get(rows.size() - 1).end());
        }
        if (!left.isEmpty()) {
            LOG.info("ledger: {} rows journaled before the last stop imported", left.size());
        }
        journal.release(journal.start());
    }

    /**
     * Puts the rows written before the chain existed into its batches (once, by the first hub to start). When
     * the database cannot be reached, the first batch of lookups written does it instead.
     */
    private void sealExisting() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long sealed = LedgerBatches.sealExisting(connection, properties.maxBatch());
                if (sealed > 0) {
                    LOG.info("ledger: {} rows written before the hash chain sealed into its batches", sealed);
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.warn("ledger: rows written before the hash chain not sealed at start ({}); the first batch will",
                    e.getClass().getName());
        }
    }

    private LedgerJournal.Position importedPosition() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(POSITION)) {
            select.setString(1, journal.id());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new LedgerJournal.Position(rs.getLong(1), rs.getLong(2)) : null;
            }
        }
    }

    // --- the database ---------------------------------------------------------------------------

    /**
     * Writes the rows in one transaction, with the journal position they reach (null without the
     * journal). Hub instances sharing the database may both insert the same new counter or
     * dossier-source key at once; the loser's transaction is rolled back and run again, when the key
     * exists and the MERGE updates it. Keys are written in one order, so instances cannot deadlock on
     * each other's counters. The rows go in as batches of the ledger's hash chain ({@link LedgerBatches}),
     * whose head each transaction holds locked from its start.
     */
    private void commit(List<? extends Row> batch, LedgerJournal.Position reached) throws SQLException {
        long started = System.nanoTime();
        try {
            commitAttempts(batch, reached);
        } finally {
            commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private void commitAttempts(List<? extends Row> batch, LedgerJournal.Position reached) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                commitOnce(batch, reached);
                return;
            } catch (SQLException e) {
                if (attempt == ATTEMPTS || !RETRYABLE_STATES.contains(e.getSQLState())) {
                    throw e;
                }
                LOG.info("ledger batch of {} rows met a concurrent writer (SQL state {}), attempt {} of {}",
                        batch.size(), e.getSQLState(), attempt + 1, ATTEMPTS);
            }
        }
    }

    private void commitOnce(List<? extends Row> batch, LedgerJournal.Position reached) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                LedgerBatches.append(connection, batch);
                mergeDailyCounts(connection, batch);
                mergeDossierSources(connection, batch);
                mergeCopies(connection, batch);
                if (reached != null) {
                    try (PreparedStatement merge = connection.prepareStatement(MERGE_POSITION)) {
                        merge.setString(1, journal.id());
                        merge.setLong(2, reached.segment());
                        merge.setLong(3, reached.offset());
                        merge.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                        merge.executeUpdate();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Adds the batch to the daily counters the reuse report reads: {@code lookup_daily} (V5), and by agency and
     * procedure together {@code lookup_daily_agency_procedure} (V16), with the same agency and procedure.
     */
    private static void mergeDailyCounts(Connection connection, List<? extends Row> batch) throws SQLException {
        Map<String, String> agencies = dossierAgencies(connection, batch);
        Map<DailyKey, Long> counts = new TreeMap<>();
        Map<DailyKey, Long> byAgencyAndProcedure = new TreeMap<>();
        for (Row p : batch) {
            LedgerEntry e = p.entry();
            LocalDate day = LocalDate.ofInstant(e.occurredAt(), BusinessTime.ZONE);
            String servedFrom = e.found() && e.servedFrom() != null ? e.servedFrom() : "";
            String agency = e.agencyCode() != null ? e.agencyCode()
                    : agencies.getOrDefault(e.dossierId(), UNKNOWN);
            String procedure = e.procedureCode() != null ? e.procedureCode() : UNKNOWN;
            for (DailyKey key : List.of(
                    new DailyKey("all", day, "", e.source(), e.outcome(), servedFrom),
                    new DailyKey("agency", day, agency, e.source(), e.outcome(), servedFrom),
                    new DailyKey("procedure", day, procedure, e.source(), e.outcome(), servedFrom))) {
                counts.merge(key, 1L, Long::sum);
            }
            // the dimension holds the agency and the key the procedure: one order for both tables' keys
            byAgencyAndProcedure.merge(new DailyKey(agency, day, procedure, e.source(), e.outcome(), servedFrom), 1L,
                    Long::sum);
        }
        merge(connection, MERGE_DAILY, counts);
        merge(connection, MERGE_AGENCY_PROCEDURE, byAgencyAndProcedure);
    }

    /** One batched MERGE of counters, in key order; its parameters in the order of {@link DailyKey}'s fields. */
    private static void merge(Connection connection, String sql, Map<DailyKey, Long> counts) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(sql)) {
            for (Map.Entry<DailyKey, Long> c : counts.entrySet()) {
                DailyKey k = c.getKey();
                merge.setString(1, k.dimension());
                merge.setObject(2, k.day());
                merge.setString(3, k.key());
                merge.setString(4, k.source());
                merge.setString(5, k.outcome());
                merge.setString(6, k.servedFrom());
                merge.setLong(7, c.getValue());
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    /** The agency of each registered dossier the batch names without an agency of its own. */
    private static Map<String, String> dossierAgencies(Connection connection, List<? extends Row> batch)
            throws SQLException {
        Map<String, String> agencies = new HashMap<>();
        List<String> ids = batch.stream().map(Row::entry)
                .filter(e -> e.agencyCode() == null && e.dossierId() != null)
                .map(LedgerEntry::dossierId).distinct().toList();
        if (ids.isEmpty()) {
            return agencies;
        }
        // one statement for the whole batch
        try (PreparedStatement select = connection.prepareStatement(DOSSIER_AGENCIES)) {
            select.setArray(1, connection.createArrayOf("VARCHAR", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    agencies.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return agencies;
    }

    /** The dossiers each source answered for: one MERGE per dossier and source of the batch, its first answer's time. */
    private static void mergeDossierSources(Connection connection, List<? extends Row> batch) throws SQLException {
        Map<DossierSource, Instant> first = new TreeMap<>();
        for (Row p : batch) {
            LedgerEntry e = p.entry();
            if (e.found() && e.dossierId() != null) {
                first.merge(new DossierSource(e.dossierId(), e.source()), e.occurredAt(),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        if (first.isEmpty()) {
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement(MERGE_DOSSIER_SOURCE)) {
            for (Map.Entry<DossierSource, Instant> e : first.entrySet()) {
                merge.setString(1, e.getKey().dossierId());
                merge.setString(2, e.getKey().source());
                merge.setObject(3, OffsetDateTime.ofInstant(e.getValue(), ZoneOffset.UTC));
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    /** A key of {@code dossier_source}; ordered so every writer takes row locks in one order. */
    private record DossierSource(String dossierId, String source) implements Comparable<DossierSource> {

        @Override
        public int compareTo(DossierSource other) {
            int byDossier = dossierId.compareTo(other.dossierId);
            return byDossier != 0 ? byDossier : source.compareTo(other.source);
        }
    }

    /** The last copy of each subject in the batch, written by the reuse store in this transaction. */
    private void mergeCopies(Connection connection, List<? extends Row> batch) throws SQLException {
        Map<String, ReuseCopy> last = new TreeMap<>();
        for (Row p : batch) {
            if (p.copy() != null) {
                last.put(p.copy().source() + '|' + p.copy().subjectHash(), p.copy());
            }
        }
        reuse.write(connection, last.values());
    }

    private static HubException unavailable(Throwable cause) {
        return new HubException(ErrorCode.LEDGER_UNAVAILABLE,
                "The lookup could not be recorded in the reuse ledger, so it is not answered", cause);
    }

    /**
     * Opens the journal, imports what it holds from before and starts its import (with the journal),
     * then takes rows: before the web server takes lookups.
     */
    @Override
    public void start() {
        if (properties.enabled()) {
            sealExisting();
        }
        if (properties.enabled() && properties.journal()) {
            try {
                journal = LedgerJournal.open(properties.journalDirectory(), properties.journalSegmentBytes(),
                        properties.journalSync());
                recover();
            } catch (IOException e) {
                throw new UncheckedIOException("The ledger journal could not be opened or imported", e);
            } catch (SQLException e) {
                throw new IllegalStateException("The ledger journal could not be imported", e);
            }
            importer = new Thread(this::importJournaled, "ledger-import");
            importer.start();
        }
        running = true;
    }

    /**
     * Takes no more rows, lets the rows waiting be kept, and imports what is journaled (trying for at
     * most {@code commit-timeout-ms}: what is left is imported at the next start), then closes the
     * journal.
     */
    @Override
    public void stop() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(properties.commitTimeoutMs());
        keeping.lock();
        try {
            running = false;
            while ((busy || !waiting.isEmpty()) && System.nanoTime() < deadline) {
                kept.awaitNanos(deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            keeping.unlock();
        }
        synchronized (imports) {
            stopped = true;
            imports.notifyAll();
        }
        try {
            if (importer != null) {
                importer.join(properties.commitTimeoutMs() + TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warn("ledger journal not closed: {}", e.getClass().getName());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server and Camel have stopped taking lookups, so waiting rows are still written. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    /**
     * One counter of {@code lookup_daily}, or of {@code lookup_daily_agency_procedure} (dimension: the agency, key:
     * the procedure); ordered so every writer takes row locks in one order.
     */
    private record DailyKey(String dimension, LocalDate day, String key, String source, String outcome,
                            String servedFrom) implements Comparable<DailyKey> {

        private static final Comparator<DailyKey> ORDER = Comparator.comparing(DailyKey::dimension)
                .thenComparing(DailyKey::day).thenComparing(DailyKey::key).thenComparing(DailyKey::source)
                .thenComparing(DailyKey::outcome).thenComparing(DailyKey::servedFrom);

        @Override
        public int compareTo(DailyKey other) {
            return ORDER.compare(this, other);
        }
    }

    /** A row to write: a lookup's ledger entry and the reuse copy that goes with it, or null. */
    interface Row {
        LedgerEntry entry();

        ReuseCopy copy();
    }

    /** A lookup's row waiting to be kept; settled (and failed, or not) under {@code keeping}. */
    private static final class Pending implements Row {
        private final LedgerEntry entry;
        private final ReuseCopy copy;
        private boolean settled;
        private Throwable failure;

        Pending(LedgerEntry entry, ReuseCopy copy) {
            this.entry = entry;
            this.copy = copy;
        }

        @Override
        public LedgerEntry entry() {
            return entry;
        }

        @Override
        public ReuseCopy copy() {
            return copy;
        }
    }

    /** A row journaled at {@code at} (System.nanoTime), ending at {@code end} in the journal. */
    private record Journaled(LedgerEntry entry, ReuseCopy copy, LedgerJournal.Position end, long at) implements Row {
    }
}
