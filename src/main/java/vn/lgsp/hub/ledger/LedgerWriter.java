package vn.lgsp.hub.ledger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.reuse.ReuseCopy;

/**
 * Writes the reuse ledger with group commit. A lookup hands over its row (and the reuse copy to
 * keep, if any) and waits; one writer thread takes everything waiting, writes it as JDBC batches
 * in one transaction and commits, then releases all the waiting lookups at once. So a lookup is
 * answered only after its row is committed, and the cost of a commit is shared by every lookup in
 * the batch.
 */
@Component
public class LedgerWriter implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

    private static final String INSERT_ENTRY = "INSERT INTO lookup_ledger (occurred_at, business_date, client_id, "
            + "agency_code, dossier_id, procedure_code, officer_id, source, subject_hash, outcome, served_from, "
            + "duration_ms, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String MERGE_DOSSIER_SOURCE = "MERGE INTO dossier_source t "
            + "USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(32)), CAST(? AS TIMESTAMP WITH TIME ZONE))) "
            + "AS s (dossier_id, source, first_found_at) "
            + "ON t.dossier_id = s.dossier_id AND t.source = s.source "
            + "WHEN NOT MATCHED THEN INSERT (dossier_id, source, first_found_at) "
            + "VALUES (s.dossier_id, s.source, s.first_found_at)";
    /** A stored copy of the same answer is left as it is until it nears its expiry (ReuseCopy). */
    private static final String MERGE_COPY = "MERGE INTO reuse_copy t "
            + "USING (VALUES (CAST(? AS VARCHAR(32)), CAST(? AS CHAR(64)), CAST(? AS BYTEA), CAST(? AS CHAR(64)), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE))) "
            + "AS s (source, subject_hash, payload, answer_digest, stored_at, expires_at, renew_before) "
            + "ON t.source = s.source AND t.subject_hash = s.subject_hash "
            + "WHEN MATCHED AND (t.answer_digest IS NULL OR t.answer_digest <> s.answer_digest "
            + "OR t.expires_at < s.renew_before) THEN UPDATE SET payload = s.payload, answer_digest = s.answer_digest, "
            + "stored_at = s.stored_at, expires_at = s.expires_at "
            + "WHEN NOT MATCHED THEN INSERT (source, subject_hash, payload, answer_digest, stored_at, expires_at) "
            + "VALUES (s.source, s.subject_hash, s.payload, s.answer_digest, s.stored_at, s.expires_at)";
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
    /** A unique key inserted by another hub instance between our MERGE's check and insert; a deadlock. */
    private static final Set<String> RETRYABLE_STATES = Set.of("23505", "40001", "40P01");
    private static final int ATTEMPTS = 3;

    private static final String UNKNOWN = "unknown";

    private final DataSource dataSource;
    private final LedgerProperties properties;
    private final BlockingQueue<Pending> queue;
    private final DistributionSummary batches;
    private volatile boolean running;
    private Thread writer;

    public LedgerWriter(DataSource dataSource, LedgerProperties properties, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.batches = DistributionSummary.builder("hub.ledger.batch").baseUnit("rows")
                .description("Rows per ledger commit").register(meters);
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    }

    /**
     * Records a lookup and returns once the row is committed.
     *
     * @param copy the reuse copy to keep with it, or null
     * @throws HubException {@code hub.ledger_unavailable} when the row could not be committed
     */
    public void record(LedgerEntry entry, ReuseCopy copy) {
        if (!properties.enabled()) {
            return;
        }
        Pending pending = new Pending(entry, copy, new CompletableFuture<>());
        try {
            if (!running || !queue.offer(pending, properties.commitTimeoutMs(), TimeUnit.MILLISECONDS)) {
                throw unavailable(null);
            }
            pending.done().get(properties.commitTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(e);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(properties.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.maxBatch() - 1);
                commit(batch);
                batches.record(batch.size());
                batch.forEach(p -> p.done().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            } catch (Exception | Error e) {
                // an Error too (e.g. the heap ran out): the batch fails, its lookups answer 503, and the
                // writer goes on; a dead writer thread would leave every later lookup unanswerable
                LOG.error("ledger batch of {} rows not committed: {}", batch.size(), e.getClass().getName());
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Commits the batch in one transaction. Hub instances sharing the database may both insert the
     * same new counter or dossier-source key at once; the loser's transaction is rolled back and
     * run again, when the key exists and the MERGE updates it. Keys are written in one order, so
     * instances cannot deadlock on each other's counters.
     */
    private void commit(List<Pending> batch) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                commitOnce(batch);
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

    private void commitOnce(List<Pending> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insertEntries(connection, batch);
                mergeDailyCounts(connection, batch);
                mergeDossierSources(connection, batch);
                mergeCopies(connection, batch);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void insertEntries(Connection connection, List<Pending> batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ENTRY)) {
            for (Pending p : batch) {
                LedgerEntry e = p.entry();
                insert.setObject(1, OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC));
                insert.setObject(2, LocalDate.ofInstant(e.occurredAt(), BusinessTime.ZONE));
                insert.setString(3, e.clientId());
                insert.setString(4, e.agencyCode());
                insert.setString(5, e.dossierId());
                insert.setString(6, e.procedureCode());
                insert.setString(7, e.officerId());
                insert.setString(8, e.source());
                insert.setString(9, e.subjectHash());
                insert.setString(10, e.outcome());
                insert.setString(11, e.servedFrom());
                insert.setInt(12, e.durationMs());
                insert.setString(13, e.correlationId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Adds the batch to the daily counters the reuse report reads ({@code lookup_daily}, V5). */
    private static void mergeDailyCounts(Connection connection, List<Pending> batch) throws SQLException {
        Map<String, String> agencies = dossierAgencies(connection, batch);
        Map<DailyKey, Long> counts = new TreeMap<>();
        for (Pending p : batch) {
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
        }
        try (PreparedStatement merge = connection.prepareStatement(MERGE_DAILY)) {
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
    private static Map<String, String> dossierAgencies(Connection connection, List<Pending> batch)
            throws SQLException {
        Map<String, String> agencies = new HashMap<>();
        List<String> ids = batch.stream().map(Pending::entry)
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
    private static void mergeDossierSources(Connection connection, List<Pending> batch) throws SQLException {
        Map<DossierSource, Instant> first = new TreeMap<>();
        for (Pending p : batch) {
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

    private static void mergeCopies(Connection connection, List<Pending> batch) throws SQLException {
        List<ReuseCopy> copies = batch.stream().map(Pending::copy).filter(c -> c != null)
                .sorted(Comparator.comparing(ReuseCopy::source).thenComparing(ReuseCopy::subjectHash))
                .toList();
        if (copies.isEmpty()) {
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement(MERGE_COPY)) {
            for (ReuseCopy c : copies) {
                merge.setString(1, c.source());
                merge.setString(2, c.subjectHash());
                merge.setBytes(3, c.payload());
                merge.setString(4, c.digest());
                merge.setObject(5, OffsetDateTime.ofInstant(c.storedAt(), ZoneOffset.UTC));
                merge.setObject(6, OffsetDateTime.ofInstant(c.expiresAt(), ZoneOffset.UTC));
                merge.setObject(7, OffsetDateTime.ofInstant(c.renewBefore(), ZoneOffset.UTC));
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    private static HubException unavailable(Throwable cause) {
        return new HubException(ErrorCode.LEDGER_UNAVAILABLE,
                "The lookup could not be recorded in the reuse ledger, so it is not answered", cause);
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "ledger-writer");
        writer.setDaemon(false);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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

    /** One counter of {@code lookup_daily}; ordered so every writer takes row locks in one order. */
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

    private record Pending(LedgerEntry entry, ReuseCopy copy, CompletableFuture<Void> done) {
    }
}
