package vn.lgsp.hub.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import vn.lgsp.hub.common.BusinessTime;

/**
 * Verifies the chain as a database holds it, over plain JDBC (the hub and its offline verifier): in one
 * repeatable-read, read-only transaction, so rows committed meanwhile are neither half seen nor taken for
 * rows written outside a batch. Rows and batches are streamed, never held whole.
 */
public final class LedgerChainReader {

    private static final int FETCH = 1_000;
    static final String BATCH_COLUMNS = "seq, business_month, committed_at, first_row_id, last_row_id, row_count, "
            + "prev_hash, batch_hash";

    private final LedgerSigning keys;

    /** @param keys the public keys checkpoints are verified with */
    public LedgerChainReader(LedgerSigning keys) {
        this.keys = keys;
    }

    /** The chain's head: the last batch's number and hash. */
    public record Head(long seq, String hash) {
    }

    /** The batches committed on the business days {@code from..to} (inclusive). */
    public LedgerVerifier.Verification verifyDays(Connection connection, LocalDate from, LocalDate to)
            throws SQLException {
        return inSnapshot(connection, opened -> {
            long[] range = new long[2];
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT MIN(seq), MAX(seq) FROM ledger_batch WHERE committed_at >= ? AND committed_at < ?")) {
                select.setObject(1, OffsetDateTime.ofInstant(from.atStartOfDay(BusinessTime.ZONE).toInstant(),
                        ZoneOffset.UTC));
                select.setObject(2, OffsetDateTime.ofInstant(to.plusDays(1).atStartOfDay(BusinessTime.ZONE)
                        .toInstant(), ZoneOffset.UTC));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    range[0] = rs.getLong(1);
                    range[1] = rs.getLong(2);
                    if (rs.wasNull()) {
                        return new LedgerVerifier.Verification(from, to, 0, 0, 0, 0, true, null);
                    }
                }
            }
            String previous = range[0] > 1 ? hashOf(connection, range[0] - 1) : LedgerChain.GENESIS;
            if (previous == null) {
                // the batch before is gone: the first batch's link cannot be checked here, and is reported
                return LedgerVerifier.verify(from, to, input(connection, range[0] - 1, range[1], null, false, opened))
                        .withFirstBad(LedgerVerifier.BadBatch.missing(range[0] - 1, "batch-missing"));
            }
            return settled(connection, LedgerVerifier.verify(from, to,
                    input(connection, range[0] - 1, range[1], previous, false, opened)));
        });
    }

    /**
     * The links of the batches after {@code afterSeq} up to the head, and that no row lies after the head,
     * without reading the batches' rows: what a checkpoint round checks before it signs the head, at a cost that
     * does not grow with the lookups.
     */
    public Verified verifyLinksSince(Connection connection, long afterSeq, String previousHash) throws SQLException {
        return inSnapshot(connection, opened -> {
            Head head = head(connection);
            LedgerVerifier.Verification v = settled(connection, LedgerVerifier.verify(null, null,
                    input(connection, afterSeq, head.seq(), previousHash, true, opened)));
            return new Verified(v, head);
        });
    }

    /**
     * Every row of the batches after {@code afterSeq}, as many batches as hold {@code maxRows} rows (one at least):
     * the checkpoint rounds' verification of rows, bounded per round so that it never takes the lookups' CPU at
     * a peak, and catches up after it.
     *
     * @return the verification, and the last batch it reached as its head
     */
    public Verified verifyRowsAfter(Connection connection, long afterSeq, int maxRows) throws SQLException {
        return inSnapshot(connection, opened -> {
            long toSeq = afterSeq;
            long rows = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, row_count FROM ledger_batch WHERE seq > ? ORDER BY seq")) {
                select.setFetchSize(FETCH);
                select.setLong(1, afterSeq);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next() && (toSeq == afterSeq || rows + rs.getInt(2) <= maxRows)) {
                        toSeq = rs.getLong(1);
                        rows += rs.getInt(2);
                    }
                }
            }
            String previous = afterSeq == 0 ? LedgerChain.GENESIS : hashOf(connection, afterSeq);
            String reached = toSeq == afterSeq ? previous : hashOf(connection, toSeq);
            LedgerVerifier.Verification v = toSeq == afterSeq
                    ? new LedgerVerifier.Verification(null, null, 0, 0, 0, 0, true, null)
                    : LedgerVerifier.verify(null, null, input(connection, afterSeq, toSeq, previous, false, opened));
            return new Verified(v, new Head(toSeq, reached));
        });
    }

    /** A verification and the head it reached. */
    public record Verified(LedgerVerifier.Verification verification, Head head) {
    }

    /**
     * A verification that found rows after the head, unless a batch holds them now: on a database whose
     * repeatable read lets rows committed meanwhile appear (H2), the rows of a batch committed after the head
     * was read are no finding. PostgreSQL's snapshot never shows them.
     */
    private static LedgerVerifier.Verification settled(Connection connection, LedgerVerifier.Verification v)
            throws SQLException {
        LedgerVerifier.BadBatch bad = v.firstBadBatch();
        if (bad == null || !"rows-after-head".equals(bad.reason()) || bad.firstStrayRowId() == null) {
            return v;
        }
        Long covering = longOf(connection, "SELECT COUNT(*) FROM ledger_batch WHERE first_row_id <= ? "
                + "AND last_row_id >= " + bad.firstStrayRowId(), bad.firstStrayRowId());
        return covering != null && covering > 0
                ? new LedgerVerifier.Verification(v.from(), v.to(), v.batches(), v.rows(), v.archivedBatches(),
                        v.checkpoints(), true, null)
                : v;
    }

    /** The chain's head. */
    public static Head head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, head_hash FROM ledger_chain WHERE chain_id = 1");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the ledger chain's head row is missing (ledger_chain, V20)");
            }
            return new Head(rs.getLong(1), rs.getString(2));
        }
    }

    /**
     * Batches {@code afterSeq+1..toSeq}, their rows (with {@code linksOnly}, only the rows after the head, which
     * no batch may leave), checkpoints, and whether the range ends at the head.
     */
    private LedgerVerifier.Input input(Connection connection, long afterSeq, long toSeq, String previousHash,
                                       boolean linksOnly, List<AutoCloseable> opened) throws SQLException {
        Head head = head(connection);
        boolean endsAtHead = toSeq >= head.seq();
        long firstRow;
        long lastRow;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MIN(first_row_id), MAX(last_row_id) FROM ledger_batch WHERE seq > ? AND seq <= ?")) {
            select.setLong(1, afterSeq);
            select.setLong(2, toSeq);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                firstRow = rs.getLong(1);
                lastRow = rs.wasNull() ? 0 : rs.getLong(2);
            }
        }
        if (endsAtHead) {
            lastRow = Long.MAX_VALUE;
        }
        if (afterSeq > 0 && firstRow > 0) {
            // rows between the batch before the range and the range's first belong to no batch: they are read too
            Long previousLast = longOf(connection, "SELECT last_row_id FROM ledger_batch WHERE seq = ?", afterSeq);
            if (previousLast != null) {
                firstRow = previousLast + 1;
            }
        }
        PreparedStatement batches = connection.prepareStatement("SELECT " + BATCH_COLUMNS
                + " FROM ledger_batch WHERE seq > ? AND seq <= ? ORDER BY seq");
        opened.add(batches);
        batches.setFetchSize(FETCH);
        batches.setLong(1, afterSeq);
        batches.setLong(2, toSeq);
        if (linksOnly) {
            Long headRow = longOf(connection, "SELECT last_row_id FROM ledger_chain WHERE chain_id = ?", 1);
            firstRow = (headRow == null ? 0 : headRow) + 1;
            lastRow = Long.MAX_VALUE;
        }
        PreparedStatement rows = connection.prepareStatement("SELECT " + LedgerBatches.ROW_COLUMNS
                + " FROM lookup_ledger WHERE id >= ? AND id <= ? ORDER BY id");
        opened.add(rows);
        rows.setFetchSize(FETCH);
        rows.setLong(1, firstRow);
        rows.setLong(2, lastRow);
        List<LedgerVerifier.Checkpoint> checkpoints = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, batch_hash, signed_at, key_id, "
                + "signature FROM ledger_checkpoint WHERE seq > ? AND seq <= ? ORDER BY seq, id")) {
            select.setLong(1, afterSeq);
            select.setLong(2, toSeq);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    Instant at = rs.getObject(3, OffsetDateTime.class).toInstant();
                    checkpoints.add(new LedgerVerifier.Checkpoint(seq, rs.getString(2),
                            keys.verify(rs.getString(4), seq, rs.getString(2), at, rs.getString(5))));
                }
            }
        }
        Long highest = longOf(connection, "SELECT COALESCE(MAX(seq), 0) FROM ledger_checkpoint WHERE seq >= ?", 0);
        long lastCheckpoint = highest == null ? 0 : highest;
        Set<LocalDate> archived = archivedMonths(connection);
        return new LedgerVerifier.Input(new Rows<>(batches, LedgerChainReader::batch),
                new Rows<>(rows, LedgerBatches::row), previousHash, LedgerVerifier.bySeq(checkpoints),
                lastCheckpoint, endsAtHead, linksOnly ? b -> true : LedgerVerifier.inMonths(archived), false,
                endsAtHead ? head.seq() : toSeq);
    }

    /** The months whose rows were archived and removed (ledger_archive). */
    private static Set<LocalDate> archivedMonths(Connection connection) throws SQLException {
        Set<LocalDate> months = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT business_month FROM ledger_archive WHERE removed_at IS NOT NULL");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                months.add(rs.getObject(1, LocalDate.class));
            }
        }
        return months;
    }

    static LedgerChain.Batch batch(ResultSet rs) throws SQLException {
        return new LedgerChain.Batch(rs.getLong(1), rs.getObject(2, LocalDate.class),
                rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getLong(4), rs.getLong(5), rs.getInt(6),
                rs.getString(7), rs.getString(8));
    }

    private static String hashOf(Connection connection, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT batch_hash FROM ledger_batch WHERE seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Long longOf(Connection connection, String sql, long parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** A piece of work in one repeatable-read, read-only transaction, rolled back after. */
    private interface InSnapshot<T> {
        T run(List<AutoCloseable> opened) throws SQLException;
    }

    private static <T> T inSnapshot(Connection connection, InSnapshot<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return work.run(opened);
        } catch (UncheckedSqlException e) {
            throw e.getCause();
        } finally {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a statement of a transaction rolled back next
                }
            }
            connection.rollback();
            connection.setReadOnly(false);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    /** A result set as an iterator; the statement closes when it is read to its end. */
    private static final class Rows<T> implements Iterator<T> {

        interface Mapper<T> {
            T map(ResultSet rs) throws SQLException;
        }

        private final PreparedStatement statement;
        private final Mapper<T> mapper;
        private ResultSet rs;
        private Boolean more;

        Rows(PreparedStatement statement, Mapper<T> mapper) {
            this.statement = statement;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            if (more == null) {
                try {
                    if (rs == null) {
                        rs = statement.executeQuery();
                    }
                    more = rs.next();
                    if (!more) {
                        statement.close();
                    }
                } catch (SQLException e) {
                    throw new UncheckedSqlException(e);
                }
            }
            return more;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            more = null;
            try {
                return mapper.map(rs);
            } catch (SQLException e) {
                throw new UncheckedSqlException(e);
            }
        }
    }

    /** A SQL error from inside an iterator, unwrapped by {@link #inSnapshot}. */
    private static final class UncheckedSqlException extends RuntimeException {
        UncheckedSqlException(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
