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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.lgsp.hub.common.BusinessTime;

/**
 * Writes the ledger's rows in chained batches ({@link LedgerChain}), inside the caller's transaction: the
 * chain's head row is locked first, so the ids of the rows inserted after it follow every batch before, and
 * the head moves to the new batches in the same commit. A transaction's rows of two business months (around
 * midnight on a month's last day) make two batches, so that each batch belongs to one month and its archive.
 */
final class LedgerBatches {

    static final String INSERT_ENTRY = "INSERT INTO lookup_ledger (occurred_at, business_date, client_id, "
            + "agency_code, dossier_id, procedure_code, officer_id, source, subject_hash, outcome, served_from, "
            + "duration_ms, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String LOCK_HEAD = "SELECT seq, head_hash, last_row_id, sealed_before FROM ledger_chain "
            + "WHERE chain_id = 1 FOR UPDATE";
    private static final String MOVE_HEAD = "UPDATE ledger_chain SET seq = ?, head_hash = ?, last_row_id = ? "
            + "WHERE chain_id = 1";
    private static final String INSERT_BATCH = "INSERT INTO ledger_batch (seq, business_month, committed_at, first_row_id, "
            + "last_row_id, row_count, prev_hash, batch_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final String ROW_COLUMNS = "id, occurred_at, business_date, client_id, agency_code, dossier_id, "
            + "procedure_code, officer_id, source, subject_hash, outcome, served_from, duration_ms, correlation_id";

    /** Rows written before the chain sealed per statement when a transaction of lookups finds some left. */
    private static final int SEAL_ROWS = 1_000;

    private LedgerBatches() {
    }

    /** The head of the chain as locked: the last batch's number and hash, its last row's id. */
    private record Head(long seq, String hash, long lastRowId, long sealedBefore) {
    }

    /**
     * Inserts the rows, in batches by business month, and moves the chain's head over them. Rows written before
     * the chain that no start could seal yet ({@link #sealExisting}: the database was down) are sealed first.
     */
    static void append(Connection connection, List<? extends LedgerWriter.Row> rows) throws SQLException {
        Head head = lockHead(connection);
        List<LedgerChain.Batch> batches = new ArrayList<>();
        while (head.lastRowId() < head.sealedBefore()) {
            head = seal(connection, head, SEAL_ROWS, batches);
        }
        Map<LocalDate, List<LedgerEntry>> byMonth = new TreeMap<>();
        for (LedgerWriter.Row row : rows) {
            LedgerEntry e = row.entry();
            byMonth.computeIfAbsent(LedgerChain.monthOf(businessDate(e)), m -> new ArrayList<>()).add(e);
        }
        Instant now = LedgerChain.stored(Instant.now());
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ENTRY, new String[] {"id"})) {
            for (Map.Entry<LocalDate, List<LedgerEntry>> month : byMonth.entrySet()) {
                List<LedgerChain.ChainRow> inserted = insert(insert, month.getValue());
                head = chain(head, month.getKey(), inserted, now, batches);
            }
        }
        store(connection, head, batches);
    }

    /**
     * Puts the rows written before the chain existed (ids up to {@code sealed_before} of V20) into batches, a
     * transaction of at most {@code maxBatch} rows at a time, cut where the month changes.
     *
     * @return how many rows were sealed
     */
    static long sealExisting(Connection connection, int maxBatch) throws SQLException {
        long sealed = 0;
        while (true) {
            Head head = lockHead(connection);
            if (head.lastRowId() >= head.sealedBefore()) {
                connection.commit();
                return sealed;
            }
            List<LedgerChain.Batch> batches = new ArrayList<>();
            Head after = seal(connection, head, maxBatch, batches);
            store(connection, after, batches);
            connection.commit();
            sealed += batches.stream().mapToLong(LedgerChain.Batch::rowCount).sum();
        }
    }

    /**
     * Chains the next rows written before the chain (at most {@code maxRows}) after {@code head}, cut where the
     * month changes, adding the batches to {@code batches}; the head after them (past every such row once none
     * is left: rows deleted before the first start leave nothing to seal).
     */
    private static Head seal(Connection connection, Head head, int maxRows, List<LedgerChain.Batch> batches)
            throws SQLException {
        List<LedgerChain.ChainRow> rows = new ArrayList<>(Math.min(maxRows, 1_000));
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ROW_COLUMNS
                + " FROM lookup_ledger WHERE id > ? AND id <= ? ORDER BY id FETCH FIRST ? ROWS ONLY")) {
            select.setLong(1, head.lastRowId());
            select.setLong(2, head.sealedBefore());
            select.setInt(3, maxRows);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        if (rows.isEmpty()) {
            return new Head(head.seq(), head.hash(), head.sealedBefore(), head.sealedBefore());
        }
        Instant now = LedgerChain.stored(Instant.now());
        int from = 0;
        for (int i = 1; i <= rows.size(); i++) {
            if (i == rows.size() || !LedgerChain.monthOf(rows.get(i).businessDate())
                    .equals(LedgerChain.monthOf(rows.get(from).businessDate()))) {
                head = chain(head, LedgerChain.monthOf(rows.get(from).businessDate()), rows.subList(from, i), now,
                        batches);
                from = i;
            }
        }
        return head;
    }

    /** A row of {@code SELECT ROW_COLUMNS}. */
    static LedgerChain.ChainRow row(ResultSet rs) throws SQLException {
        return new LedgerChain.ChainRow(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getObject(3, LocalDate.class), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getInt(13), rs.getString(14));
    }

    private static Head lockHead(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_HEAD);
             ResultSet rs = lock.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the ledger chain's head row is missing (ledger_chain, V20)");
            }
            return new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /** Inserts one month's rows and returns them as stored, with their ids. */
    private static List<LedgerChain.ChainRow> insert(PreparedStatement insert, List<LedgerEntry> entries)
            throws SQLException {
        List<LedgerChain.ChainRow> rows = new ArrayList<>(entries.size());
        for (LedgerEntry e : entries) {
            Instant at = LedgerChain.stored(e.occurredAt());
            insert.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            insert.setObject(2, businessDate(e));
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
        try (ResultSet keys = insert.getGeneratedKeys()) {
            for (LedgerEntry e : entries) {
                if (!keys.next()) {
                    throw new SQLException("the database returned fewer ids than ledger rows inserted");
                }
                rows.add(new LedgerChain.ChainRow(keys.getLong(1), LedgerChain.stored(e.occurredAt()),
                        businessDate(e), e.clientId(), e.agencyCode(), e.dossierId(), e.procedureCode(),
                        e.officerId(), e.source(), e.subjectHash(), e.outcome(), e.servedFrom(), e.durationMs(),
                        e.correlationId()));
            }
        }
        return rows;
    }

    /** Hashes rows (in id order) as the batch after {@code head}, adds it to {@code batches}, returns the new head. */
    private static Head chain(Head head, LocalDate month, List<LedgerChain.ChainRow> rows, Instant committedAt,
                              List<LedgerChain.Batch> batches) throws SQLException {
        long seq = head.seq() + 1;
        LedgerChain.Hasher hasher = new LedgerChain.Hasher(seq, month, head.hash());
        long previousId = head.lastRowId();
        for (LedgerChain.ChainRow row : rows) {
            if (row.id() <= previousId) {
                // another writer's rows, or rows written outside the hub, between: the order the chain needs is gone
                throw new SQLException("ledger row ids out of order for the chain (" + row.id() + " after "
                        + previousId + ")");
            }
            previousId = row.id();
            hasher.add(row);
        }
        LedgerChain.Batch batch = new LedgerChain.Batch(seq, month, committedAt, rows.get(0).id(),
                rows.get(rows.size() - 1).id(), rows.size(), head.hash(), hasher.finish());
        batches.add(batch);
        return new Head(seq, batch.batchHash(), batch.lastRowId(), head.sealedBefore());
    }

    private static void store(Connection connection, Head head, List<LedgerChain.Batch> batches) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_BATCH)) {
            for (LedgerChain.Batch b : batches) {
                insert.setLong(1, b.seq());
                insert.setObject(2, b.month());
                insert.setObject(3, OffsetDateTime.ofInstant(b.committedAt(), ZoneOffset.UTC));
                insert.setLong(4, b.firstRowId());
                insert.setLong(5, b.lastRowId());
                insert.setInt(6, b.rowCount());
                insert.setString(7, b.prevHash());
                insert.setString(8, b.batchHash());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement move = connection.prepareStatement(MOVE_HEAD)) {
            move.setLong(1, head.seq());
            move.setString(2, head.hash());
            move.setLong(3, head.lastRowId());
            move.executeUpdate();
        }
    }

    private static LocalDate businessDate(LedgerEntry e) {
        return LocalDate.ofInstant(LedgerChain.stored(e.occurredAt()), BusinessTime.ZONE);
    }
}
