package vn.lgsp.hub.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.DataProtectionProperties;
import vn.lgsp.hub.common.SealedTable;

/**
 * Moves sealed rows to the current key version (docs/production.md, "Rotating the data-protection keys"): every
 * {@code hub.data-protection.re-encryption.interval-ms}, on one hub instance at a time, each table a package
 * declares ({@link SealedTable.Owner}) is paged through in key order for rows under an older version, and each
 * page is opened under its rows' version and sealed again under the current one, in one transaction. The
 * update is optimistic: a row is rewritten only if it is still as it was read (its version and every sealed
 * column), so a row its package changed meanwhile is left for the next round. A round goes on until no table
 * has a row left under an older version that it can open.
 *
 * <p>{@code hub_reencryption_rows_left{table}} is the rows still under an older version (counted at the start of
 * each round, less those moved since); it reaches 0 once the old keys' encryption keys may be removed.
 * A row that cannot be opened (its version's key is not configured, or its data was altered) is counted in
 * {@code hub_reencryption_rows_total{outcome="unreadable"}}, logged by table only, and stays where it is.
 */
@Component
public class Reencryption extends ClusterRound {

    private static final Logger LOG = LoggerFactory.getLogger(Reencryption.class);
    static final String LOCK = "data-protection.re-encryption";
    /** The first round after the start comes this soon, or after one interval if that is shorter. */
    private static final long FIRST_ROUND_MS = 10_000;
    /** The sealed data one page reads at most (at least one row): it is held three times over while it is written. */
    private static final long PAGE_BYTES = 4L * 1024 * 1024;

    private final List<SealedTable> tables = new ArrayList<>();
    private final DataProtection protection;
    private final JdbcTemplate jdbc;
    private final ClusterLocks locks;
    private final DataProtectionProperties.ReEncryption settings;
    private final Map<String, AtomicLong> left = new LinkedHashMap<>();
    private final Map<String, Counter> resealed = new LinkedHashMap<>();
    private final Map<String, Counter> unreadable = new LinkedHashMap<>();

    Reencryption(List<SealedTable.Owner> owners, DataProtection protection, JdbcTemplate jdbc, ClusterLocks locks,
                 DataProtectionProperties properties, MeterRegistry meters) {
        super(locks, LOCK, "re-encryption", Schedule.every(properties.reEncryption().intervalMs(), FIRST_ROUND_MS));
        owners.forEach(owner -> tables.addAll(owner.sealedTables()));
        this.protection = protection;
        this.jdbc = jdbc;
        this.locks = locks;
        this.settings = properties.reEncryption();
        for (SealedTable t : tables) {
            AtomicLong rows = new AtomicLong();
            left.put(t.table(), rows);
            Gauge.builder("hub.reencryption.rows.left", rows, AtomicLong::get)
                    .description("Rows whose sealed data is under a key version older than the current one")
                    .tag("table", t.table()).register(meters);
            resealed.put(t.table(), counter(meters, t.table(), "resealed"));
            unreadable.put(t.table(), counter(meters, t.table(), "unreadable"));
        }
    }

    private static Counter counter(MeterRegistry meters, String table, String outcome) {
        return Counter.builder("hub.reencryption.rows")
                .description("Rows the re-encryption job moved to the current key version, or could not open")
                .tag("table", table).tag("outcome", outcome).register(meters);
    }

    /** What one page did: the rows moved, those that could not be opened, and the key of its last row (null: none). */
    private record Page(int resealed, int unreadable, List<Object> last) {
    }

    /** A row as read: its key, version and sealed columns. */
    private record Row(List<Object> key, int keyVersion, byte[][] sealed) {
    }

    /**
     * One round: every table's rows under an older key version moved to the current one, a page at a time.
     *
     * @return the rows moved; fewer than were left when another instance runs the job, or rows could not be opened
     */
    public long round() {
        int current = protection.currentVersion();
        // every instance counts, so that each one's gauge says where the job is, whichever runs it
        for (SealedTable table : tables) {
            left.get(table.table()).set(count(table, current));
        }
        long moved = 0;
        for (SealedTable table : tables) {
            AtomicLong rows = left.get(table.table());
            List<Object> after = null;
            while (rows.get() > 0 || after != null) {
                List<Object> from = after;
                Optional<Page> page = locks.whileHolding(LOCK, () -> page(table, current, from));
                if (page.isEmpty()) {
                    // another instance is at it: its round will go on
                    return moved;
                }
                Page p = page.get();
                moved += p.resealed();
                rows.addAndGet(-p.resealed());
                resealed.get(table.table()).increment(p.resealed());
                if (p.unreadable() > 0) {
                    unreadable.get(table.table()).increment(p.unreadable());
                    LOG.warn("re-encryption: {} rows of {} could not be opened under their key version (its "
                            + "encryption key is not configured, or the data was altered); they stay as they are",
                            p.unreadable(), table.table());
                }
                if (p.last() == null) {
                    break;
                }
                after = p.last();
            }
        }
        if (moved > 0) {
            LOG.info("re-encryption: {} rows moved to key version {}", moved, current);
        }
        return moved;
    }

    private long count(SealedTable table, int current) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + table.table() + " WHERE key_version < ?", Long.class,
                current);
        return rows == null ? 0 : rows;
    }

    /**
     * Within the lock's transaction: the next page after {@code after} read, opened, sealed anew and written. A
     * page is at most {@code batch-size} rows and {@link #PAGE_BYTES} of sealed data (at least one row): the
     * rows' sizes are read first, so that a table of large values (certificate PDFs) is read a few rows at a time.
     */
    private Page page(SealedTable table, int current, List<Object> after) {
        List<String> keys = table.keyColumns();
        List<SealedTable.Column> columns = table.columns();
        StringBuilder where = new StringBuilder(" FROM ").append(table.table()).append(" WHERE key_version < ?");
        List<Object> args = new ArrayList<>();
        args.add(current);
        if (after != null) {
            where.append(" AND ").append(after(keys, 0));
            for (int i = 0; i < keys.size(); i++) {
                // (k1 > ?) OR (k1 = ? AND ((k2 > ?) OR ...)): each key column's value, twice but for the last
                args.add(after.get(i));
                if (i < keys.size() - 1) {
                    args.add(after.get(i));
                }
            }
        }
        where.append(" ORDER BY ").append(String.join(", ", keys)).append(" FETCH FIRST ? ROWS ONLY");
        List<Object> sizeArgs = new ArrayList<>(args);
        sizeArgs.add(settings.batchSize());
        List<Long> sizes = jdbc.queryForList("SELECT " + String.join(" + ", columns.stream()
                .map(c -> "COALESCE(OCTET_LENGTH(" + c.name() + "), 0)").toList()) + where, Long.class, sizeArgs.toArray());
        int fit = 0;
        long bytes = 0;
        for (long size : sizes) {
            if (fit > 0 && bytes + size > PAGE_BYTES) {
                break;
            }
            fit++;
            bytes += size;
        }
        if (fit == 0) {
            return new Page(0, 0, null);
        }
        StringBuilder select = new StringBuilder("SELECT ").append(String.join(", ", keys)).append(", key_version");
        columns.forEach(c -> select.append(", ").append(c.name()));
        select.append(where);
        args.add(fit);
        List<Row> rows = jdbc.query(select.toString(), (rs, n) -> {
            List<Object> key = new ArrayList<>(keys.size());
            for (int i = 1; i <= keys.size(); i++) {
                key.add(rs.getObject(i));
            }
            byte[][] sealed = new byte[columns.size()][];
            for (int i = 0; i < columns.size(); i++) {
                sealed[i] = rs.getBytes(keys.size() + 2 + i);
            }
            return new Row(Collections.unmodifiableList(key), rs.getInt(keys.size() + 1), sealed);
        }, args.toArray());
        if (rows.isEmpty()) {
            return new Page(0, 0, null);
        }
        List<Row> opened = new ArrayList<>(rows.size());
        List<byte[][]> resealedColumns = new ArrayList<>(rows.size());
        int unreadableRows = 0;
        for (Row row : rows) {
            try {
                byte[][] now = new byte[columns.size()][];
                for (int i = 0; i < columns.size(); i++) {
                    if (row.sealed()[i] != null) {
                        String data = columns.get(i).associatedData().apply(row.key());
                        now[i] = protection.encrypt(protection.decrypt(row.sealed()[i], row.keyVersion(), data), data,
                                current).ciphertext();
                    }
                }
                opened.add(row);
                resealedColumns.add(now);
            } catch (IllegalStateException cannotOpen) {
                unreadableRows++;
            }
        }
        int written = write(table, current, opened, resealedColumns);
        return new Page(written, unreadableRows, rows.get(rows.size() - 1).key());
    }

    /** The keyset condition "after this key", for the key columns from {@code i} on. */
    private static String after(List<String> keys, int i) {
        String column = keys.get(i);
        if (i == keys.size() - 1) {
            return "(" + column + " > ?)";
        }
        return "(" + column + " > ? OR (" + column + " = ? AND " + after(keys, i + 1) + "))";
    }

    /** The rows sealed anew, each only if it is still as it was read: how many were. */
    private int write(SealedTable table, int current, List<Row> rows, List<byte[][]> sealed) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<String> keys = table.keyColumns();
        List<SealedTable.Column> columns = table.columns();
        StringBuilder update = new StringBuilder("UPDATE ").append(table.table()).append(" SET ");
        columns.forEach(c -> update.append(c.name()).append(" = ?, "));
        update.append("key_version = ? WHERE ");
        keys.forEach(k -> update.append(k).append(" = ? AND "));
        update.append("key_version = ?");
        columns.forEach(c -> update.append(" AND ").append(c.name()).append(" IS NOT DISTINCT FROM CAST(? AS BYTEA)"));
        int[] counts = jdbc.batchUpdate(update.toString(), new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Row row = rows.get(i);
                int p = 1;
                for (byte[] value : sealed.get(i)) {
                    bytes(ps, p++, value);
                }
                ps.setShort(p++, (short) current);
                for (Object key : row.key()) {
                    ps.setObject(p++, key);
                }
                ps.setShort(p++, (short) row.keyVersion());
                for (byte[] value : row.sealed()) {
                    bytes(ps, p++, value);
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
        int written = 0;
        for (int n : counts) {
            written += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
        }
        return written;
    }

    private static void bytes(PreparedStatement ps, int index, byte[] value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BINARY);
        } else {
            ps.setBytes(index, value);
        }
    }

    @Override
    protected void scheduledRound() {
        round();
    }
}
