package vn.lgsp.hub.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.cluster.ClusterLocks;
import vn.lgsp.hub.cluster.ClusterRound;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * Retention of the ledger (docs/operations.md, "Retention and archives"): a month past
 * {@code hub.ledger.archive.retention} is written to an archive ({@link LedgerArchive}), read back from the
 * store and verified, recorded in {@code ledger_archive}, and only then are its rows removed (on PostgreSQL,
 * its partition dropped). Its batches stay in {@code ledger_batch} and its daily counters stay, so the chain
 * runs through it and reports over it are unchanged. An archive can be brought back for an investigation
 * ({@link #reimport}). One instance of a cluster runs a round at a time; the round also removes audit events
 * past their retention ({@link AuditLog#purgeExpired}) and, on PostgreSQL, creates the coming months'
 * partitions.
 */
@Component
public class LedgerArchives extends ClusterRound {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerArchives.class);
    private static final String LOCK = "ledger.retention";
    private static final int FETCH = 1_000;
    /** Months of partitions created ahead of the current one, so rows never land in the default partition. */
    private static final int MONTHS_AHEAD = 3;
    private static final String ENTRY_COLUMNS = "business_month, location, row_count, batch_count, first_seq, "
            + "last_seq, end_hash, manifest_sha256, archived_at, removed_at, reimported_at";

    /** An archived month as {@code ledger_archive} records it. */
    public record ArchiveEntry(String month, String location, long rows, long batches, Long firstSeq, Long lastSeq,
                               String endHash, String manifestSha256, OffsetDateTime archivedAt,
                               OffsetDateTime removedAt, OffsetDateTime reimportedAt) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final LedgerArchiveProperties properties;
    private final ArchiveStore store;
    private final LedgerIntegrity integrity;
    private final LedgerWriter writer;
    private final ClusterLocks locks;
    private final AuditLog audit;
    private final Clock clock;
    /** Runs a round's work outside the transaction that holds the cluster lock (each step commits its own). */
    private final TransactionTemplate outsideTheLock;

    LedgerArchives(DataSource dataSource, JdbcTemplate jdbc, LedgerArchiveProperties properties, LedgerIntegrity integrity,
                   LedgerWriter writer, ClusterLocks locks, AuditLog audit, Clock clock,
                   PlatformTransactionManager transactions) {
        super(locks, LOCK, "ledger-retention", Schedule.every(properties.intervalMs(), 60_000));
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.properties = properties;
        this.store = properties.s3().configured() ? new S3ArchiveStore(properties.s3())
                : ArchiveStore.directory(properties.directory());
        this.integrity = integrity;
        this.writer = writer;
        this.locks = locks;
        this.audit = audit;
        this.clock = clock;
        this.outsideTheLock = new TransactionTemplate(transactions);
        this.outsideTheLock.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    /** Every month archived, the oldest first. */
    public List<ArchiveEntry> list() {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM ledger_archive ORDER BY business_month",
                (rs, n) -> entry(rs));
    }

    /**
     * Archives a month that is over (again, when rows were added since its last archive), and removes its rows
     * when it is past retention.
     *
     * @throws HubException 409 for a month not over yet, 404 for a month the ledger has no batch of
     */
    public ArchiveEntry archive(YearMonth month) {
        return exclusively(() -> archiveHeld(month));
    }

    /** Runs an archive's step holding the cluster's retention lock, outside its transaction. */
    private ArchiveEntry exclusively(java.util.function.Supplier<ArchiveEntry> step) {
        return locks.whileHolding(LOCK, () -> outsideTheLock.execute(status -> step.get()))
                .orElseThrow(() -> new HubException(ErrorCode.CONFLICT,
                        "Another hub instance is archiving the ledger now: try again in a moment"));
    }

    private synchronized ArchiveEntry archiveHeld(YearMonth month) {
        if (!month.isBefore(YearMonth.now(clock.withZone(BusinessTime.ZONE)))) {
            throw new HubException(ErrorCode.CONFLICT, "Only a month that is over can be archived");
        }
        writer.awaitImported();
        Optional<ArchiveEntry> entry = find(month);
        long inDatabase = rowsInDatabase(month);
        if (entry.isEmpty() || entry.get().removedAt() == null && entry.get().reimportedAt() == null
                && entry.get().rows() != inDatabase) {
            write(month);
        } else if (entry.get().removedAt() != null && inDatabase > 0) {
            throw new HubException(ErrorCode.CONFLICT, "The month's rows were removed, yet rows of it are in the "
                    + "database again: verify the ledger before archiving it");
        }
        if (pastRetention(month)) {
            ArchiveEntry archived = find(month).orElseThrow();
            boolean held = archived.reimportedAt() != null && archived.reimportedAt().toInstant()
                    .isAfter(LocalDate.now(clock.withZone(BusinessTime.ZONE)).minus(properties.reimportHold())
                            .atStartOfDay(BusinessTime.ZONE).toInstant());
            if (archived.removedAt() == null && !held) {
                remove(month, archived.rows());
            }
        }
        return find(month).orElseThrow();
    }

    /**
     * Brings an archived month's rows back into the database, after verifying the archive, for an
     * investigation: the counters are not touched (they never left), and the rows are removed again once
     * {@code reimport-hold} has passed.
     */
    public ArchiveEntry reimport(YearMonth month) {
        return exclusively(() -> reimportHeld(month));
    }

    private synchronized ArchiveEntry reimportHeld(YearMonth month) {
        ArchiveEntry entry = find(month).orElseThrow(() -> new HubException(ErrorCode.NOT_FOUND,
                "No archive of this month"));
        if (entry.removedAt() == null) {
            throw new HubException(ErrorCode.CONFLICT, "The month's rows are in the database");
        }
        try {
            LedgerVerifier.Verification v = LedgerArchive.verify(store, month, integrity.keys());
            if (!v.verified()) {
                throw new HubException(ErrorCode.CONFLICT, "The archive does not verify (batch "
                        + v.firstBadBatch().seq() + ": " + v.firstBadBatch().reason() + "): it is not imported");
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    ensurePartition(c, month);
                    long n = insertRows(c, month);
                    try (PreparedStatement update = c.prepareStatement("UPDATE ledger_archive SET removed_at = NULL, "
                            + "reimported_at = ? WHERE business_month = ?")) {
                        update.setObject(1, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                        update.setObject(2, month.atDay(1));
                        update.executeUpdate();
                    }
                    c.commit();
                    LOG.info("ledger: archive of {} re-imported, {} rows", month, n);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The archive of " + month + " could not be read", e);
        } catch (SQLException e) {
            throw new IllegalStateException("The archive of " + month + " could not be imported", e);
        }
        return find(month).orElseThrow();
    }

    /** One round: partitions ahead, every month past retention archived and removed, audit events purged. */
    public void round() {
        locks.whileHolding(LOCK, () -> outsideTheLock.execute(status -> roundHeld()));
    }

    private boolean roundHeld() {
        {
            try (Connection c = dataSource.getConnection()) {
                YearMonth now = YearMonth.now(clock.withZone(BusinessTime.ZONE));
                for (int i = 0; i <= MONTHS_AHEAD; i++) {
                    ensurePartition(c, now.plusMonths(i));
                }
            } catch (SQLException e) {
                LOG.warn("ledger partitions ahead not created: {}", e.getClass().getName());
            }
            LocalDate cutoff = LocalDate.now(clock.withZone(BusinessTime.ZONE)).minus(properties.retention());
            List<LocalDate> due = jdbc.queryForList("SELECT DISTINCT b.business_month FROM ledger_batch b "
                    + "WHERE b.business_month < ? AND NOT EXISTS (SELECT 1 FROM ledger_archive a "
                    + "WHERE a.business_month = b.business_month AND a.removed_at IS NOT NULL) "
                    + "ORDER BY b.business_month", LocalDate.class, YearMonth.from(cutoff).atDay(1));
            for (LocalDate month : due) {
                try {
                    archiveHeld(YearMonth.from(month));
                } catch (RuntimeException e) {
                    LOG.error("ledger month {} not archived: {}", YearMonth.from(month), e.getMessage());
                }
            }
            audit.purgeExpired();
            return true;
        }
    }

    private boolean pastRetention(YearMonth month) {
        return month.atEndOfMonth().isBefore(LocalDate.now(clock.withZone(BusinessTime.ZONE)).minus(properties.retention()));
    }

    private Optional<ArchiveEntry> find(YearMonth month) {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM ledger_archive WHERE business_month = ?",
                (rs, n) -> entry(rs), month.atDay(1)).stream().findFirst();
    }

    private long rowsInDatabase(YearMonth month) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM lookup_ledger WHERE business_date >= ? AND business_date < ?",
                Long.class, month.atDay(1), month.plusMonths(1).atDay(1));
        return n == null ? 0 : n;
    }

    /** Writes the month's archive, reads it back from the store and verifies it, and records it. */
    private void write(YearMonth month) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM ledger_batch WHERE business_month = ?", Long.class,
                month.atDay(1)) == 0) {
            throw new HubException(ErrorCode.NOT_FOUND, "The ledger has no batch of this month");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("ledger-archive-");
            LedgerArchive.Manifest manifest = writeFiles(month, work);
            String folder = LedgerArchive.folder(month);
            byte[] manifestJson = manifest.toJson();
            Files.write(work.resolve(LedgerArchive.MANIFEST), manifestJson);
            store.put(folder + "/" + LedgerArchive.BATCHES, work.resolve(LedgerArchive.BATCHES));
            store.put(folder + "/" + LedgerArchive.ROWS, work.resolve(LedgerArchive.ROWS));
            store.put(folder + "/" + LedgerArchive.MANIFEST, work.resolve(LedgerArchive.MANIFEST));
            LedgerVerifier.Verification v = LedgerArchive.verify(store, month, integrity.keys());
            if (!v.verified()) {
                throw new HubException(ErrorCode.CONFLICT, "The month's archive does not verify (batch "
                        + v.firstBadBatch().seq() + ": " + v.firstBadBatch().reason()
                        + "): its rows stay in the database; verify the ledger");
            }
            jdbc.update("DELETE FROM ledger_archive WHERE business_month = ?", month.atDay(1));
            jdbc.update("INSERT INTO ledger_archive (business_month, location, row_count, batch_count, first_seq, "
                    + "last_seq, end_hash, manifest_sha256, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    month.atDay(1), store.location(folder), manifest.rows(), manifest.batches(), manifest.firstSeq(),
                    manifest.lastSeq(), manifest.endHash(), sha256(manifestJson),
                    OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            LOG.info("ledger: {} archived to {}: {} rows, {} batches", month, store.location(folder), manifest.rows(),
                    manifest.batches());
        } catch (IOException e) {
            throw new UncheckedIOException("The archive of " + month + " could not be written", e);
        } catch (SQLException e) {
            throw new IllegalStateException("The ledger of " + month + " could not be read to archive it", e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** The month's batches and rows, read in one snapshot, into the two files; their manifest, signed. */
    private LedgerArchive.Manifest writeFiles(YearMonth month, Path work) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (LedgerArchive.Writer batches = new LedgerArchive.Writer(work.resolve(LedgerArchive.BATCHES));
                 LedgerArchive.Writer rows = new LedgerArchive.Writer(work.resolve(LedgerArchive.ROWS));
                 PreparedStatement selectBatches = c.prepareStatement("SELECT " + LedgerChainReader.BATCH_COLUMNS
                         + " FROM ledger_batch WHERE business_month = ? ORDER BY seq");
                 PreparedStatement selectRows = c.prepareStatement("SELECT " + LedgerBatches.ROW_COLUMNS
                         + " FROM lookup_ledger WHERE business_date >= ? AND business_date < ? ORDER BY id")) {
                Long firstSeq = null;
                Long lastSeq = null;
                String firstPrev = null;
                String end = null;
                selectBatches.setFetchSize(FETCH);
                selectBatches.setObject(1, month.atDay(1));
                try (ResultSet rs = selectBatches.executeQuery()) {
                    while (rs.next()) {
                        LedgerChain.Batch b = LedgerChainReader.batch(rs);
                        batches.batch(b);
                        if (firstSeq == null) {
                            firstSeq = b.seq();
                            firstPrev = b.prevHash();
                        }
                        lastSeq = b.seq();
                        end = b.batchHash();
                    }
                }
                selectRows.setFetchSize(FETCH);
                selectRows.setObject(1, month.atDay(1));
                selectRows.setObject(2, month.plusMonths(1).atDay(1));
                try (ResultSet rs = selectRows.executeQuery()) {
                    while (rs.next()) {
                        rows.row(LedgerBatches.row(rs));
                    }
                }
                batches.close();
                rows.close();
                Instant created = LedgerChain.stored(clock.instant());
                LedgerSigning keys = integrity.keys();
                LedgerArchive.Manifest unsigned = new LedgerArchive.Manifest(month, rows.lines(), batches.lines(),
                        firstSeq, lastSeq, firstPrev, end, batches.sha256(), rows.sha256(), created, keys.keyId(), null);
                return new LedgerArchive.Manifest(month, rows.lines(), batches.lines(), firstSeq, lastSeq, firstPrev, end,
                        unsigned.batchesSha256(), unsigned.rowsSha256(), created, keys.keyId(),
                        keys.signText(unsigned.signed()));
            } finally {
                c.rollback();
            }
        }
    }

    /** Removes the month's rows: its partition dropped on PostgreSQL, else deleted. */
    private void remove(YearMonth month, long expectedRows) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String partition = partitionName(month);
                long removed;
                if (partitioned(c) && partitionExists(c, partition)) {
                    removed = count(c, month);
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE lookup_ledger DETACH PARTITION " + partition);
                        s.execute("DROP TABLE " + partition);
                    }
                } else {
                    try (PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM lookup_ledger WHERE business_date >= ? AND business_date < ?")) {
                        delete.setObject(1, month.atDay(1));
                        delete.setObject(2, month.plusMonths(1).atDay(1));
                        removed = delete.executeUpdate();
                    }
                }
                if (removed != expectedRows) {
                    // rows came or went since the archive was written: keep them, archive again next round
                    c.rollback();
                    LOG.warn("ledger month {} holds {} rows, its archive {}: not removed", month, removed, expectedRows);
                    return;
                }
                try (PreparedStatement update = c.prepareStatement("UPDATE ledger_archive SET removed_at = ?, "
                        + "reimported_at = NULL WHERE business_month = ?")) {
                    update.setObject(1, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                    update.setObject(2, month.atDay(1));
                    update.executeUpdate();
                }
                c.commit();
                LOG.info("ledger month {} removed from the database: {} rows", month, removed);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The rows of " + month + " could not be removed", e);
        }
    }

    private long insertRows(Connection c, YearMonth month) throws IOException, SQLException {
        long n = 0;
        String folder = LedgerArchive.folder(month);
        try (LedgerArchive.Reader<LedgerChain.ChainRow> rows = LedgerArchive.Reader.rows(
                store.open(folder + "/" + LedgerArchive.ROWS));
             PreparedStatement insert = c.prepareStatement("INSERT INTO lookup_ledger (" + LedgerBatches.ROW_COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            while (rows.hasNext()) {
                LedgerChain.ChainRow r = rows.next();
                insert.setLong(1, r.id());
                insert.setObject(2, OffsetDateTime.ofInstant(r.occurredAt(), ZoneOffset.UTC));
                insert.setObject(3, r.businessDate());
                insert.setString(4, r.clientId());
                insert.setString(5, r.agencyCode());
                insert.setString(6, r.dossierId());
                insert.setString(7, r.procedureCode());
                insert.setString(8, r.officerId());
                insert.setString(9, r.source());
                insert.setString(10, r.subjectHash());
                insert.setString(11, r.outcome());
                insert.setString(12, r.servedFrom());
                insert.setInt(13, r.durationMs());
                insert.setString(14, r.correlationId());
                insert.addBatch();
                if (++n % FETCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return n;
    }

    // --- PostgreSQL's monthly partitions (V21) ---------------------------------------------------

    public static String partitionName(YearMonth month) {
        return String.format("lookup_ledger_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    private static boolean partitioned(Connection c) throws SQLException {
        if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM pg_partitioned_table p "
                + "JOIN pg_class t ON t.oid = p.partrelid WHERE t.relname = 'lookup_ledger' "
                + "AND t.relnamespace = to_regnamespace(current_schema())");
             ResultSet rs = s.executeQuery()) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private static boolean partitionExists(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Creates the month's partition if the ledger is partitioned and it has none (a no-op on H2). */
    private static void ensurePartition(Connection c, YearMonth month) throws SQLException {
        if (!partitioned(c) || partitionExists(c, partitionName(month))) {
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            if (!autoCommit) {
                s.execute("SAVEPOINT ledger_partition");
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + partitionName(month) + " PARTITION OF lookup_ledger FOR VALUES "
                    + "FROM ('" + month.atDay(1) + "') TO ('" + month.plusMonths(1).atDay(1) + "')");
            if (!autoCommit) {
                s.execute("RELEASE SAVEPOINT ledger_partition");
            }
        } catch (SQLException e) {
            // the default partition holds rows of that month: they stay there, and are deleted when archived
            if (!autoCommit) {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK TO SAVEPOINT ledger_partition");
                }
            }
            LOG.warn("ledger partition of {} not created: {}", month, e.getSQLState());
        }
    }

    private static long count(Connection c, YearMonth month) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM lookup_ledger WHERE business_date >= ? AND business_date < ?")) {
            s.setObject(1, month.atDay(1));
            s.setObject(2, month.plusMonths(1).atDay(1));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static ArchiveEntry entry(ResultSet rs) throws SQLException {
        return new ArchiveEntry(YearMonth.from(rs.getObject(1, LocalDate.class)).toString(), rs.getString(2),
                rs.getLong(3), rs.getLong(4), (Long) rs.getObject(5, Long.class), (Long) rs.getObject(6, Long.class),
                rs.getString(7), rs.getString(8), zoned(rs.getObject(9, OffsetDateTime.class)),
                zoned(rs.getObject(10, OffsetDateTime.class)), zoned(rs.getObject(11, OffsetDateTime.class)));
    }

    private static OffsetDateTime zoned(OffsetDateTime at) {
        return at == null ? null : at.atZoneSameInstant(BusinessTime.ZONE).toOffsetDateTime();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("temporary archive files not deleted: {}", e.getClass().getName());
        }
    }

    @Override
    protected void scheduledRound() {
        round();
    }
}
