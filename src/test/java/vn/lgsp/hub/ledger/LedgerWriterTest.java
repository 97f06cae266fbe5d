package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.reuse.ReuseStore;
import vn.lgsp.hub.support.MigratedH2;

/** The ledger's writer on its own, over an in-memory H2 with the hub's migrations: with its journal, and without. */
class LedgerWriterTest {

    @TempDir
    Path journalDirectory;

    private final List<LedgerWriter> writers = new ArrayList<>();

    @AfterEach
    void stop() {
        writers.forEach(LedgerWriter::stop);
    }

    private static DataSource database() {
        return MigratedH2.create("ledger");
    }

    /** Without the journal: each lookup's row committed before it is answered. */
    private static LedgerProperties direct(int maxBatch, int queueCapacity, long commitTimeoutMs) {
        return new LedgerProperties(true, maxBatch, queueCapacity, commitTimeoutMs, false, null, 0, 1 << 20, false);
    }

    private LedgerProperties journaled(int maxBatch, int queueCapacity, long commitTimeoutMs, long importDelayMs) {
        return new LedgerProperties(true, maxBatch, queueCapacity, commitTimeoutMs, true, journalDirectory,
                importDelayMs, 1 << 20, false);
    }

    private LedgerWriter started(DataSource database, LedgerProperties properties, SimpleMeterRegistry meters) {
        LedgerWriter writer = new LedgerWriter(database, properties,
                new ReuseStore(new JdbcTemplate(database), null, Clock.systemUTC()), meters);
        writers.add(writer);
        writer.start();
        return writer;
    }

    private LedgerWriter started(DataSource database, LedgerProperties properties) {
        return started(database, properties, new SimpleMeterRegistry());
    }

    private static LedgerEntry entry(String correlationId) {
        return new LedgerEntry(Instant.now(), "provincial-ap-system", null, "D-1", "1.001612", null, "citizens",
                "0".repeat(64), "FOUND", "source", 3, correlationId);
    }

    private static int rows(DataSource h2, String correlationId) throws SQLException {
        try (Connection c = h2.getConnection(); var select = c.prepareStatement(
                "SELECT COUNT(*) FROM lookup_ledger WHERE correlation_id = ?")) {
            select.setString(1, correlationId);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long count(DataSource h2, String sql) throws SQLException {
        try (Connection c = h2.getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A database whose next {@code failures} connections fail as if it were down. */
    private static DataSource failing(DataSource h2, AtomicInteger failures) {
        return new DelegatingDataSource(h2) {
            @Override
            public Connection getConnection() throws SQLException {
                if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new SQLException("simulated: the database is down", "08001");
                }
                return super.getConnection();
            }
        };
    }

    @Test
    void withoutTheJournalAnErrorInOneBatchFailsThatBatchAndTheWriterGoesOn() throws Exception {
        DataSource h2 = database();
        AtomicBoolean failNext = new AtomicBoolean(false);
        DataSource flaky = new DelegatingDataSource(h2) {
            @Override
            public Connection getConnection() throws SQLException {
                if (failNext.getAndSet(false)) {
                    throw new OutOfMemoryError("simulated: the heap ran out while the batch was written");
                }
                return super.getConnection();
            }
        };
        LedgerWriter writer = started(flaky, direct(500, 100, 2000));
        failNext.set(true);

        assertThatThrownBy(() -> writer.record(entry("first"), null))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE));
        writer.record(entry("second"), null);

        assertThat(rows(h2, "first")).isZero();
        assertThat(rows(h2, "second")).isEqualTo(1);
    }

    @Test
    void withTheJournalLookupsAreAnsweredWhileTheDatabaseIsDownAndTheirRowsFollowWhenItIsBack() throws Exception {
        DataSource h2 = database();
        AtomicInteger failures = new AtomicInteger(0);
        LedgerWriter writer = started(failing(h2, failures), journaled(500, 100, 5000, 0));
        failures.set(3);

        writer.record(entry("while-down-1"), null);
        writer.record(entry("while-down-2"), null);

        assertThat(writer.awaitImported()).isTrue();
        assertThat(failures.get()).as("imports tried while the database was down").isZero();
        assertThat(rows(h2, "while-down-1")).isEqualTo(1);
        assertThat(rows(h2, "while-down-2")).isEqualTo(1);
    }

    @Test
    void withTheJournalABacklogBeyondTheQueueCapacityIsRefusedWithTheLedgerError() {
        DataSource h2 = database();
        AtomicInteger failures = new AtomicInteger(0);
        LedgerWriter writer = started(failing(h2, failures), journaled(500, 3, 500, 0));
        failures.set(Integer.MAX_VALUE);

        for (int i = 0; i < 3; i++) {
            writer.record(entry("kept-" + i), null);
        }
        assertThatThrownBy(() -> writer.record(entry("one-too-many"), null))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE));
        assertThat(writer.awaitImported()).as("nothing can be imported while the database is down").isFalse();
    }

    /** Sixteen lookups at once, batches of at most {@code maxBatch}: each row once in the ledger, and in its counters. */
    private void concurrentLookups(LedgerProperties properties, boolean committedOnReturn) throws Exception {
        DataSource h2 = database();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LedgerWriter writer = started(h2, properties, meters);
        ExecutorService lookups = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> seen = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String id = "c-" + i;
                seen.add(lookups.submit(() -> {
                    writer.record(entry(id), null);
                    return rows(h2, id);
                }));
            }
            for (Future<Integer> rowsOnReturn : seen) {
                int found = rowsOnReturn.get(30, TimeUnit.SECONDS);
                if (committedOnReturn) {
                    assertThat(found).as("the row is committed when the lookup returns").isEqualTo(1);
                }
            }
        } finally {
            lookups.shutdownNow();
        }
        assertThat(writer.awaitImported()).isTrue();
        assertThat(count(h2, "SELECT COUNT(DISTINCT correlation_id) FROM lookup_ledger")).isEqualTo(400);
        assertThat(count(h2, "SELECT COUNT(*) FROM lookup_ledger")).isEqualTo(400);
        assertThat(count(h2, "SELECT SUM(lookups) FROM lookup_daily WHERE dimension = 'all'")).isEqualTo(400);
        DistributionSummary batches = meters.get("hub.ledger.batch").summary();
        assertThat(batches.totalAmount()).as("rows written").isEqualTo(400);
        assertThat(batches.max()).as("rows in one transaction at most").isBetween(1.0, (double) properties.maxBatch());
    }

    @Test
    void withoutTheJournalConcurrentLookupsAreCommittedTogetherAndEachReturnsAfterItsRow() throws Exception {
        concurrentLookups(direct(500, 100, 10_000), true);
    }

    @Test
    void withoutTheJournalRowsBeyondOneBatchAreCommittedInTheNext() throws Exception {
        concurrentLookups(direct(2, 100, 10_000), true);
    }

    @Test
    void withTheJournalConcurrentLookupsAreImportedTogetherOncePerRow() throws Exception {
        concurrentLookups(journaled(500, 1000, 10_000, 200), false);
    }

    @Test
    void withTheJournalRowsBeyondOneBatchAreImportedInTheNext() throws Exception {
        concurrentLookups(journaled(7, 1000, 10_000, 200), false);
    }

    @Test
    void withTheJournalRowsWaitForTheImportDelayUnlessAReaderAsks() throws Exception {
        DataSource h2 = database();
        LedgerWriter writer = started(h2, journaled(500, 100, 5000, 60_000));
        writer.record(entry("waiting"), null);

        Thread.sleep(300);
        assertThat(rows(h2, "waiting")).as("journaled, not yet imported").isZero();
        assertThat(writer.awaitImported()).isTrue();
        assertThat(rows(h2, "waiting")).isEqualTo(1);
    }

    @Test
    void rowsJournaledBeforeACrashAreImportedOnceWhenTheWriterStartsAgain() throws Exception {
        DataSource h2 = database();
        // what a hub killed before its import left behind: rows in its journal, none in the database
        try (LedgerJournal crashed = LedgerJournal.open(journalDirectory, 1 << 20, false)) {
            List<byte[]> records = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                records.add(LedgerJournal.encode(entry("before-crash-" + i), null));
            }
            crashed.append(records.subList(0, 10));
            crashed.append(records.subList(10, 30));
        }

        LedgerWriter restarted = started(h2, journaled(8, 100, 5000, 200));
        assertThat(count(h2, "SELECT COUNT(*) FROM lookup_ledger WHERE correlation_id LIKE 'before-crash-%'"))
                .as("imported before the writer takes lookups").isEqualTo(30);
        restarted.record(entry("after-restart"), null);
        restarted.stop();

        started(h2, journaled(8, 100, 5000, 200)).stop();
        assertThat(count(h2, "SELECT COUNT(*) FROM lookup_ledger")).as("each row once, however often it starts")
                .isEqualTo(31);
        assertThat(count(h2, "SELECT SUM(lookups) FROM lookup_daily WHERE dimension = 'all'")).isEqualTo(31);
    }

    @Test
    void aSecondWriterOnTheSameJournalIsRefused() {
        started(database(), journaled(500, 100, 5000, 200));
        LedgerWriter second = new LedgerWriter(database(), journaled(500, 100, 5000, 200),
                new ReuseStore(new JdbcTemplate(database()), null, Clock.systemUTC()), new SimpleMeterRegistry());
        assertThatThrownBy(second::start).hasMessageContaining("each hub instance needs a data directory of its own");
    }

    @Test
    void aStoppedWriterRefusesRowsWithTheLedgerError() {
        for (LedgerProperties properties : List.of(direct(500, 100, 2000), journaled(500, 100, 2000, 200))) {
            LedgerWriter writer = started(database(), properties);
            writer.stop();
            assertThat(writer.isRunning()).isFalse();
            assertThatThrownBy(() -> writer.record(entry("late"), null))
                    .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE));
        }
    }
}
