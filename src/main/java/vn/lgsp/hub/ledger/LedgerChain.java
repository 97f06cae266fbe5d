package vn.lgsp.hub.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The ledger's hash chain (docs/design.md, "Tamper evidence"): the rows of the ledger are kept in
 * batches, each batch's hash covers its number, its month, the hash of the batch before it and every
 * column of its rows in id order, so a row edited, deleted or inserted, or a batch removed, changes a hash
 * that a later batch or a signed checkpoint holds. Plain Java: the hub, its offline verifier and an
 * archive's reader compute the same bytes.
 *
 * <p>The bytes of a batch: the text {@code LGSP-LEDGER-BATCH-1}, the batch number (8 bytes), the month's
 * first day as an epoch day (8), the previous hash (64 ASCII hex characters), then each row, then the
 * number of rows (4). A row: its id (8), {@code occurred_at} in microseconds since the epoch (8),
 * {@code business_date} as an epoch day (8), the text columns in table order each as a length (4, −1 for
 * null) and UTF-8 bytes, {@code duration_ms} (4). Integers are big-endian.
 */
public final class LedgerChain {

    /** The hash the first batch follows. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] BATCH_DOMAIN = "LGSP-LEDGER-BATCH-1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private LedgerChain() {
    }

    /** A ledger row as stored: every column the chain covers. */
    public record ChainRow(long id, Instant occurredAt, LocalDate businessDate, String clientId, String agencyCode,
                           String dossierId, String procedureCode, String officerId, String source,
                           String subjectHash, String outcome, String servedFrom, int durationMs,
                           String correlationId) {
    }

    /** A batch of the chain: its rows are those with ids {@code firstRowId..lastRowId}. */
    public record Batch(long seq, LocalDate month, Instant committedAt, long firstRowId, long lastRowId,
                        int rowCount, String prevHash, String batchHash) {
    }

    /** The first day of the business month of a day: the month a row, and so its batch, belongs to. */
    public static LocalDate monthOf(LocalDate day) {
        return day.withDayOfMonth(1);
    }

    /** An instant as the ledger stores it: whole microseconds (what PostgreSQL and H2 keep). */
    public static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /** Computes one batch's hash, row by row. */
    public static final class Hasher {

        private final MessageDigest digest;
        private ByteBuffer buffer = ByteBuffer.allocate(512);
        private int rows;

        public Hasher(long seq, LocalDate month, String prevHash) {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is unavailable", e);
            }
            digest.update(BATCH_DOMAIN);
            buffer.clear();
            buffer.putLong(seq).putLong(month.toEpochDay());
            digest.update(buffer.array(), 0, buffer.position());
            digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        }

        public Hasher add(ChainRow row) {
            buffer.clear();
            buffer.putLong(row.id());
            Instant at = row.occurredAt();
            buffer.putLong(Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000));
            buffer.putLong(row.businessDate().toEpochDay());
            text(row.clientId());
            text(row.agencyCode());
            text(row.dossierId());
            text(row.procedureCode());
            text(row.officerId());
            text(row.source());
            text(row.subjectHash());
            text(row.outcome());
            text(row.servedFrom());
            text(row.correlationId());
            ensure(4);
            buffer.putInt(row.durationMs());
            digest.update(buffer.array(), 0, buffer.position());
            rows++;
            return this;
        }

        public int rows() {
            return rows;
        }

        /** The batch's hash, hex; the hasher is spent. */
        public String finish() {
            digest.update(ByteBuffer.allocate(4).putInt(rows).array());
            return HEX.formatHex(digest.digest());
        }

        private void text(String value) {
            if (value == null) {
                ensure(4);
                buffer.putInt(-1);
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            ensure(4 + bytes.length);
            buffer.putInt(bytes.length).put(bytes);
        }

        private void ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }
    }
}
