package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.lgsp.hub.support.MigratedH2;

/** The chain as the database holds it: batches by month, rows from before the chain sealed, changes named. */
class LedgerChainDatabaseTest {

    static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAsE6DR7e29+ML8hyK7V7g7RmpKiIYhroZaYGxEdc2jtU=";
    private static final LedgerChainReader READER = new LedgerChainReader(LedgerSigning.verifying(PUBLIC_KEY, List.of()));
    private static final LocalDate TODAY = LocalDate.now(vn.lgsp.hub.common.BusinessTime.ZONE);

    private static LedgerEntry entry(String occurredAt, String correlationId) {
        return new LedgerEntry(Instant.parse(occurredAt), "provincial-ap-system", "000.00.12.H12", "D-1", "1.001612",
                null, "citizens", "c".repeat(64), "FOUND", "source", 10, correlationId);
    }

    private static void append(DataSource db, LedgerEntry... entries) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            LedgerBatches.append(c, java.util.Arrays.stream(entries).map(e -> (LedgerWriter.Row) new LedgerWriter.Row() {
                @Override
                public LedgerEntry entry() {
                    return e;
                }

                @Override
                public vn.lgsp.hub.reuse.ReuseCopy copy() {
                    return null;
                }
            }).toList());
            c.commit();
        }
    }

    private static LedgerVerifier.Verification verifyToday(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            return READER.verifyDays(c, TODAY, TODAY);
        }
    }

    @Test
    void aTransactionAcrossTheEndOfAMonthMakesOneBatchPerMonthAndVerifies() throws SQLException {
        DataSource db = MigratedH2.create("chain-months");
        // 23:59 and 00:01 in Asia/Ho_Chi_Minh, November then December, written in one transaction
        append(db, entry("2026-11-30T16:59:00Z", "a"), entry("2026-11-30T17:01:00Z", "b"),
                entry("2026-11-30T16:59:30.123456789Z", "c"));

        List<Map<String, Object>> batches = new JdbcTemplate(db).queryForList(
                "SELECT seq, business_month, row_count, first_row_id, last_row_id FROM ledger_batch ORDER BY seq");
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).get("business_month").toString()).isEqualTo("2026-11-01");
        assertThat(batches.get(0).get("row_count")).isEqualTo(2);
        assertThat(batches.get(1).get("business_month").toString()).isEqualTo("2026-12-01");
        LedgerVerifier.Verification v = verifyToday(db);
        assertThat(v.verified()).as("%s", v).isTrue();
        assertThat(v.batches()).isEqualTo(2);
        assertThat(v.rows()).isEqualTo(3);
        // the instant kept to the microsecond, as the hash covers it
        assertThat(new JdbcTemplate(db).queryForObject("SELECT COUNT(*) FROM lookup_ledger WHERE correlation_id = 'c' "
                + "AND occurred_at = TIMESTAMP WITH TIME ZONE '2026-11-30 16:59:30.123456+00'", Integer.class)).isEqualTo(1);
    }

    @Test
    void rowsWrittenBeforeTheChainAreSealedIntoBatchesCutByMonthAndSize() throws SQLException {
        DataSource db = MigratedH2.create("chain-seal", "19");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        String[] days = {"2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03", "2026-10-31"};
        for (int i = 0; i < days.length; i++) {
            jdbc.update("INSERT INTO lookup_ledger (occurred_at, business_date, client_id, source, subject_hash, outcome, "
                    + "duration_ms, correlation_id) VALUES (?, ?, 'c', 'citizens', ?, 'FOUND', 5, ?)",
                    java.time.OffsetDateTime.parse(days[i] + "T03:00:00Z"), LocalDate.parse(days[i]), "d".repeat(64),
                    "old-" + i);
        }
        MigratedH2.migrate(db, "latest");

        long sealed;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            sealed = LedgerBatches.sealExisting(c, 2);
        }

        assertThat(sealed).isEqualTo(6);
        // October 2, November 2 (the size), November 1, October 1
        assertThat(jdbc.queryForList("SELECT row_count FROM ledger_batch ORDER BY seq", Integer.class))
                .containsExactly(2, 2, 1, 1);
        append(db, entry(Instant.now().toString(), "new"));
        LedgerVerifier.Verification v = verifyToday(db);
        assertThat(v.verified()).as("%s", v).isTrue();
        assertThat(v.rows()).isEqualTo(7);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            assertThat(LedgerBatches.sealExisting(c, 2)).as("sealed once").isZero();
        }
    }

    @Test
    void anEditADeleteAndAnInsertAreEachNamedAndTheChainVerifiesOnceUndone() throws SQLException {
        DataSource db = MigratedH2.create("chain-tamper");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        String now = Instant.now().toString();
        append(db, entry(now, "1"), entry(now, "2"));
        append(db, entry(now, "3"));
        long second = jdbc.queryForObject("SELECT id FROM lookup_ledger WHERE correlation_id = '2'", Long.class);

        jdbc.update("UPDATE lookup_ledger SET outcome = 'NOT_FOUND' WHERE id = ?", second);
        assertThat(verifyToday(db).firstBadBatch()).extracting("seq", "reason").containsExactly(1L, "rows-altered");
        jdbc.update("UPDATE lookup_ledger SET outcome = 'FOUND' WHERE id = ?", second);
        assertThat(verifyToday(db).verified()).isTrue();

        jdbc.update("DELETE FROM lookup_ledger WHERE correlation_id = '3'");
        assertThat(verifyToday(db).firstBadBatch()).extracting("seq", "reason").containsExactly(2L, "rows-deleted");
        append(db, entry(now, "4"));

        jdbc.update("INSERT INTO lookup_ledger (occurred_at, business_date, client_id, source, subject_hash, outcome, "
                + "duration_ms, correlation_id) VALUES (CURRENT_TIMESTAMP, CURRENT_DATE, 'x', 'land', ?, 'FOUND', 1, 'forged')",
                "e".repeat(64));
        LedgerVerifier.BadBatch bad = verifyToday(db).firstBadBatch();
        assertThat(bad.reason()).isEqualTo("rows-deleted");
        assertThat(bad.seq()).as("the first bad batch, still the one a row was deleted from").isEqualTo(2L);
    }

    @Test
    void aRowInsertedAfterTheHeadIsNamedAndSoIsTheBatchAfterIt() throws SQLException {
        DataSource db = MigratedH2.create("chain-insert");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        append(db, entry(Instant.now().toString(), "1"));
        jdbc.update("INSERT INTO lookup_ledger (occurred_at, business_date, client_id, source, subject_hash, outcome, "
                + "duration_ms, correlation_id) VALUES (CURRENT_TIMESTAMP, CURRENT_DATE, 'x', 'land', ?, 'FOUND', 1, 'forged')",
                "e".repeat(64));

        assertThat(verifyToday(db).firstBadBatch()).extracting("seq", "reason").containsExactly(2L, "rows-after-head");

        append(db, entry(Instant.now().toString(), "2"));
        assertThat(verifyToday(db).firstBadBatch()).extracting("seq", "reason")
                .containsExactly(2L, "rows-outside-batches");
        jdbc.update("DELETE FROM lookup_ledger WHERE correlation_id = 'forged'");
        assertThat(verifyToday(db).verified()).isTrue();
    }

    @Test
    void aBatchRecordRemovedIsNamedByItsNumber() throws SQLException {
        DataSource db = MigratedH2.create("chain-batch");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        String now = Instant.now().toString();
        append(db, entry(now, "1"));
        append(db, entry(now, "2"));
        append(db, entry(now, "3"));
        jdbc.update("DELETE FROM lookup_ledger WHERE correlation_id = '2'");
        jdbc.update("DELETE FROM ledger_batch WHERE seq = 2");

        assertThat(verifyToday(db).firstBadBatch()).extracting("seq", "reason").containsExactly(2L, "batch-missing");
    }
}
