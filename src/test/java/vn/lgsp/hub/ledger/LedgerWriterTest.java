package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/** The group-commit writer on its own, over an in-memory H2 with the hub's migrations. */
class LedgerWriterTest {

    private LedgerWriter writer;

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.stop();
        }
    }

    private static DataSource database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:ledger-" + System.nanoTime() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        return h2;
    }

    private static LedgerEntry entry(String correlationId) {
        return new LedgerEntry(Instant.now(), "provincial-ap-system", null, "D-1", "1.001612", null, "citizens",
                "0".repeat(64), "FOUND", "source", 3, correlationId);
    }

    @Test
    void anErrorInOneBatchFailsThatBatchAndTheWriterGoesOn() throws Exception {
        DataSource h2 = database();
        AtomicBoolean failNext = new AtomicBoolean(true);
        DataSource flaky = new DelegatingDataSource(h2) {
            @Override
            public Connection getConnection() throws SQLException {
                if (failNext.getAndSet(false)) {
                    throw new OutOfMemoryError("simulated: the heap ran out while the batch was written");
                }
                return super.getConnection();
            }
        };
        writer = new LedgerWriter(flaky, new LedgerProperties(true, 500, 100, 2000), new SimpleMeterRegistry());
        writer.start();

        assertThatThrownBy(() -> writer.record(entry("first"), null))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE));
        writer.record(entry("second"), null);

        try (Connection c = h2.getConnection(); var rs = c.createStatement().executeQuery(
                "SELECT correlation_id FROM lookup_ledger")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("second");
            assertThat(rs.next()).isFalse();
        }
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

    /** Sixteen lookups at once, batches of at most {@code maxBatch}: each returns only once its own row is there. */
    private void concurrentLookupsReturnOnlyOnceTheirRowIsCommitted(int maxBatch) throws Exception {
        DataSource h2 = database();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        writer = new LedgerWriter(h2, new LedgerProperties(true, maxBatch, 100, 10_000), meters);
        writer.start();
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
                assertThat(rowsOnReturn.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
        } finally {
            lookups.shutdownNow();
        }
        try (Connection c = h2.getConnection(); var rs = c.createStatement().executeQuery(
                "SELECT SUM(lookups) FROM lookup_daily WHERE dimension = 'all'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(400);
        }
        DistributionSummary batches = meters.get("hub.ledger.batch").summary();
        assertThat(batches.totalAmount()).as("rows committed").isEqualTo(400);
        assertThat(batches.max()).as("rows in one commit at most").isBetween(1.0, (double) maxBatch);
    }

    @Test
    void concurrentLookupsAreCommittedTogetherAndEachReturnsAfterItsRow() throws Exception {
        concurrentLookupsReturnOnlyOnceTheirRowIsCommitted(500);
    }

    @Test
    void rowsBeyondOneBatchAreCommittedInTheNext() throws Exception {
        concurrentLookupsReturnOnlyOnceTheirRowIsCommitted(2);
    }

    @Test
    void aStoppedWriterRefusesRowsWithTheLedgerError() {
        writer = new LedgerWriter(database(), new LedgerProperties(true, 500, 100, 2000), new SimpleMeterRegistry());
        writer.start();
        writer.stop();
        assertThat(writer.isRunning()).isFalse();
        assertThatThrownBy(() -> writer.record(entry("late"), null))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE));
    }
}
