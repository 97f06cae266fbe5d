package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
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
        writer = new LedgerWriter(flaky, new LedgerProperties(true, 500, 100, 2000));
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
}
