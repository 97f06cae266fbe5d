package vn.lgsp.hub.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import vn.lgsp.hub.common.BusinessTime;

/**
 * Recomputes the ledger's hash chain over a range of batches and names the first batch that does not
 * verify. Plain Java over two streams in one order (batches by number, rows by id), so the hub's endpoint,
 * its offline verifier and an archive's check are the same code whatever holds the rows.
 *
 * <p>A batch does not verify when: a batch number is missing ({@code batch-missing}); its previous hash is
 * not the hash of the batch before it ({@code chain-broken}); rows lie between it and the batch before,
 * in no batch ({@code rows-outside-batches}); it has fewer rows than it was written with
 * ({@code rows-deleted}), more ({@code rows-inserted}), or as many with another hash ({@code rows-altered});
 * a checkpoint's signature does not verify ({@code checkpoint-signature}) or it signed another hash for the
 * batch ({@code checkpoint-mismatch}: the chain was rewritten at or before that batch). Rows after the last
 * batch of a range that ends at the chain's head are {@code rows-after-head}; a checkpoint of a batch the
 * chain no longer has is {@code batches-missing-after-checkpoint}.
 */
public final class LedgerVerifier {

    /** The outcome of a verification, as the endpoint and the offline verifier state it. */
    public record Verification(LocalDate from, LocalDate to, long batches, long rows, long archivedBatches,
                               long checkpoints, boolean verified, BadBatch firstBadBatch) {

        /** The same, with {@code bad} the first batch that does not verify: it comes before any found. */
        Verification withFirstBad(BadBatch bad) {
            return new Verification(from, to, batches, rows, archivedBatches, checkpoints, false, bad);
        }
    }

    /**
     * The first batch that does not verify: its number, what is wrong, and what the chain holds of it (null
     * where it holds nothing, e.g. a missing batch).
     */
    public record BadBatch(long seq, String reason, LocalDate month, Instant committedAt, Long firstRowId,
                           Long lastRowId, Integer rowCount, Integer rowsFound, Long firstStrayRowId) {

        static BadBatch of(LedgerChain.Batch b, String reason, Integer rowsFound, Long stray) {
            return new BadBatch(b.seq(), reason, b.month(), b.committedAt(), b.firstRowId(), b.lastRowId(),
                    b.rowCount(), rowsFound, stray);
        }

        static BadBatch missing(long seq, String reason) {
            return new BadBatch(seq, reason, null, null, null, null, null, null, null);
        }
    }

    /** A checkpoint as stored, and whether its signature verifies under a known key. */
    public record Checkpoint(long seq, String batchHash, boolean signatureValid) {
    }

    /**
     * What a verification reads.
     *
     * @param batches the range's batches in number order
     * @param rows every row from the first batch's first id on, in id order (past the last batch too when the
     *             range ends at the head, so that rows written outside any batch are seen)
     * @param previousHash the hash of the batch before the first, or null when the first batch is the chain's
     *                     first or the one before is not at hand (its previous hash is then taken as written)
     * @param checkpoints the checkpoints of the range's batches, by batch number
     * @param lastCheckpointSeq the highest batch number any checkpoint signed (0: none)
     * @param endsAtHead whether the range ends with the chain's head (rows after it are then an error)
     * @param archived whether a batch's rows are archived and removed (then none is expected)
     * @param gapsAllowed whether the batches may skip numbers (a month's archive: the batches between belong to
     *                    another month); a batch after a gap is then not checked against the one before
     * @param rangeEnd the number of the range's last batch (the head's, when the range ends at the head): a
     *                 checkpoint of a later batch names batches that are gone
     */
    public record Input(Iterator<LedgerChain.Batch> batches, Iterator<LedgerChain.ChainRow> rows,
                        String previousHash, Map<Long, List<Checkpoint>> checkpoints, long lastCheckpointSeq,
                        boolean endsAtHead, Predicate<LedgerChain.Batch> archived, boolean gapsAllowed,
                        long rangeEnd) {
    }

    private LedgerVerifier() {
    }

    public static Verification verify(LocalDate from, LocalDate to, Input in) {
        Peek<LedgerChain.ChainRow> rows = new Peek<>(in.rows());
        BadBatch bad = null;
        long batches = 0;
        long rowCount = 0;
        long archivedBatches = 0;
        long checkpoints = 0;
        long lastSeq = 0;
        String previous = in.previousHash();
        Long expected = null;
        while (in.batches().hasNext()) {
            LedgerChain.Batch b = in.batches().next();
            batches++;
            lastSeq = b.seq();
            if (expected != null && b.seq() != expected) {
                if (in.gapsAllowed()) {
                    previous = null;
                } else if (bad == null) {
                    bad = BadBatch.missing(expected, "batch-missing");
                }
            }
            if (bad == null && previous != null && !previous.equals(b.prevHash())) {
                bad = BadBatch.of(b, "chain-broken", null, null);
            }
            Long stray = null;
            while (rows.hasNext() && rows.peek().id() < b.firstRowId()) {
                LedgerChain.ChainRow r = rows.next();
                stray = stray == null ? r.id() : stray;
            }
            if (bad == null && stray != null) {
                bad = BadBatch.of(b, "rows-outside-batches", null, stray);
            }
            LedgerChain.Hasher hasher = new LedgerChain.Hasher(b.seq(), b.month(), b.prevHash());
            while (rows.hasNext() && rows.peek().id() <= b.lastRowId()) {
                hasher.add(rows.next());
            }
            int found = hasher.rows();
            rowCount += found;
            String hash = hasher.finish();
            if (found == 0 && in.archived().test(b)) {
                archivedBatches++;
            } else if (bad == null && !hash.equals(b.batchHash())) {
                String reason = found < b.rowCount() ? "rows-deleted" : found > b.rowCount() ? "rows-inserted"
                        : "rows-altered";
                bad = BadBatch.of(b, reason, found, null);
            }
            for (Checkpoint c : in.checkpoints().getOrDefault(b.seq(), List.of())) {
                checkpoints++;
                if (bad == null && !c.signatureValid()) {
                    bad = BadBatch.of(b, "checkpoint-signature", found, null);
                } else if (bad == null && !c.batchHash().equals(b.batchHash())) {
                    bad = BadBatch.of(b, "checkpoint-mismatch", found, null);
                }
            }
            previous = b.batchHash();
            expected = b.seq() + 1;
        }
        long end = Math.max(lastSeq, in.rangeEnd());
        if (bad == null && expected != null && lastSeq < in.rangeEnd()) {
            // the range's last batches are gone (their numbers, not their rows)
            bad = BadBatch.missing(lastSeq + 1, "batch-missing");
        }
        if (in.endsAtHead()) {
            if (bad == null && rows.hasNext()) {
                bad = new BadBatch(end + 1, "rows-after-head", null, null, null, null, null, null, rows.peek().id());
            }
            if (bad == null && in.lastCheckpointSeq() > end) {
                bad = BadBatch.missing(end + 1, "batches-missing-after-checkpoint");
            }
        }
        return new Verification(from, to, batches, rowCount, archivedBatches, checkpoints, bad == null, bad);
    }

    /** A verification as the endpoint and the offline verifier state it (docs/openapi.yaml, LedgerVerification). */
    public static Map<String, Object> describe(Verification v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", v.from() == null ? null : v.from().toString());
        body.put("to", v.to() == null ? null : v.to().toString());
        body.put("batches", v.batches());
        body.put("rows", v.rows());
        body.put("archivedBatches", v.archivedBatches());
        body.put("checkpoints", v.checkpoints());
        body.put("verified", v.verified());
        BadBatch b = v.firstBadBatch();
        if (b == null) {
            body.put("firstBadBatch", null);
            return body;
        }
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("seq", b.seq());
        bad.put("reason", b.reason());
        bad.put("month", b.month() == null ? null : b.month().toString().substring(0, 7));
        bad.put("committedAt", b.committedAt() == null ? null
                : b.committedAt().atZone(BusinessTime.ZONE).toOffsetDateTime().toString());
        bad.put("firstRowId", b.firstRowId());
        bad.put("lastRowId", b.lastRowId());
        bad.put("rowCount", b.rowCount());
        bad.put("rowsFound", b.rowsFound());
        bad.put("firstStrayRowId", b.firstStrayRowId());
        body.put("firstBadBatch", bad);
        return body;
    }

    /** Groups checkpoints by the batch they signed. */
    public static Map<Long, List<Checkpoint>> bySeq(List<Checkpoint> checkpoints) {
        Map<Long, List<Checkpoint>> by = new TreeMap<>();
        for (Checkpoint c : checkpoints) {
            by.computeIfAbsent(c.seq(), s -> new java.util.ArrayList<>()).add(c);
        }
        return by;
    }

    /** An iterator that can look at its next element without taking it. */
    private static final class Peek<T> implements Iterator<T> {
        private final Iterator<T> source;
        private T next;

        Peek(Iterator<T> source) {
            this.source = source;
        }

        @Override
        public boolean hasNext() {
            return next != null || source.hasNext();
        }

        T peek() {
            if (next == null) {
                next = source.next();
            }
            return next;
        }

        @Override
        public T next() {
            if (next != null) {
                T n = next;
                next = null;
                return n;
            }
            if (!source.hasNext()) {
                throw new NoSuchElementException();
            }
            return source.next();
        }
    }

    /** Batches archived: the months given. */
    public static Predicate<LedgerChain.Batch> inMonths(Set<LocalDate> months) {
        return b -> months.contains(b.month());
    }
}
