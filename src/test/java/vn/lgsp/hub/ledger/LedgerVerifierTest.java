package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chain's verification over rows and batches in memory: every kind of change to a row or a batch is
 * named, at the first batch it touches; an untouched chain verifies.
 */
class LedgerVerifierTest {

    private static final LocalDate MONTH = LocalDate.of(2026, 11, 1);
    private static final Instant AT = Instant.parse("2026-11-20T01:02:03.123456Z");

    /** Three batches of rows 1-3, 4-5 and 6-8, chained from the genesis hash. */
    private final List<LedgerChain.ChainRow> rows = new ArrayList<>();
    private final List<LedgerChain.Batch> batches = new ArrayList<>();

    LedgerVerifierTest() {
        for (long id = 1; id <= 8; id++) {
            rows.add(row(id, "FOUND"));
        }
        String previous = LedgerChain.GENESIS;
        long seq = 1;
        for (long[] range : new long[][] {{1, 3}, {4, 5}, {6, 8}}) {
            LedgerChain.Hasher h = new LedgerChain.Hasher(seq, MONTH, previous);
            rows.stream().filter(r -> r.id() >= range[0] && r.id() <= range[1]).forEach(h::add);
            String hash = h.finish();
            batches.add(new LedgerChain.Batch(seq++, MONTH, AT, range[0], range[1], (int) (range[1] - range[0] + 1),
                    previous, hash));
            previous = hash;
        }
    }

    private static LedgerChain.ChainRow row(long id, String outcome) {
        return new LedgerChain.ChainRow(id, AT.plusSeconds(id), LocalDate.of(2026, 11, 20), "provincial-ap-system",
                "000.00.12.H12", "D-" + id, "1.001612", null, "citizens", "a".repeat(64), outcome, "source", 12,
                "corr-" + id);
    }

    private LedgerVerifier.Verification verify(List<LedgerVerifier.Checkpoint> checkpoints, long lastCheckpoint) {
        return LedgerVerifier.verify(null, null, new LedgerVerifier.Input(batches.iterator(), rows.iterator(),
                LedgerChain.GENESIS, LedgerVerifier.bySeq(checkpoints), lastCheckpoint, true, b -> false, false,
                batches.isEmpty() ? 0 : batches.get(batches.size() - 1).seq()));
    }

    private LedgerVerifier.Verification verify() {
        return verify(List.of(), 0);
    }

    @Test
    void anUntouchedChainVerifiesCountingItsBatchesAndRows() {
        LedgerVerifier.Verification v = verify();

        assertThat(v.verified()).isTrue();
        assertThat(v.firstBadBatch()).isNull();
        assertThat(v.batches()).isEqualTo(3);
        assertThat(v.rows()).isEqualTo(8);
    }

    @Test
    void anEditedRowNamesItsBatch() {
        rows.set(4, row(5, "NOT_FOUND"));

        LedgerVerifier.BadBatch bad = verify().firstBadBatch();

        assertThat(bad.seq()).isEqualTo(2);
        assertThat(bad.reason()).isEqualTo("rows-altered");
        assertThat(bad.rowCount()).isEqualTo(2);
        assertThat(bad.rowsFound()).isEqualTo(2);
    }

    @Test
    void aDeletedRowNamesItsBatch() {
        rows.remove(6);

        LedgerVerifier.Verification v = verify();

        assertThat(v.verified()).isFalse();
        assertThat(v.firstBadBatch().seq()).isEqualTo(3);
        assertThat(v.firstBadBatch().reason()).isEqualTo("rows-deleted");
        assertThat(v.firstBadBatch().rowsFound()).isEqualTo(2);
    }

    @Test
    void aRowInsertedInsideABatchNamesIt() {
        // a row with an id the batch's range covers, e.g. its last row's id moved up and a row added below
        rows.set(1, row(2, "FOUND"));
        rows.add(2, new LedgerChain.ChainRow(2, AT, LocalDate.of(2026, 11, 20), "x", null, null, null, null, "land",
                "b".repeat(64), "FOUND", "source", 1, "forged"));

        LedgerVerifier.BadBatch bad = verify().firstBadBatch();

        assertThat(bad.seq()).isEqualTo(1);
        assertThat(bad.reason()).isEqualTo("rows-inserted");
    }

    @Test
    void aRowBetweenBatchesIsOutsideAnyAndNamesTheBatchAfterIt() {
        // batch 2 said rows 4-5; a row 3.5 cannot be, so move batch 3 up and put a row in the gap
        batches.set(2, withRange(batches.get(2), 7, 8, 2));
        rows.remove(6);
        rows.remove(5);
        rows.add(5, row(6, "FOUND"));
        LedgerChain.Hasher h = new LedgerChain.Hasher(3, MONTH, batches.get(1).batchHash());
        h.add(row(7, "FOUND")).add(row(8, "FOUND"));
        batches.set(2, withHash(batches.get(2), h.finish()));
        rows.add(6, row(7, "FOUND"));

        LedgerVerifier.BadBatch bad = verify().firstBadBatch();

        assertThat(bad.seq()).isEqualTo(3);
        assertThat(bad.reason()).isEqualTo("rows-outside-batches");
        assertThat(bad.firstStrayRowId()).isEqualTo(6);
    }

    @Test
    void aRowAfterTheLastBatchIsNamedWhenTheRangeEndsAtTheHead() {
        rows.add(row(9, "FOUND"));

        LedgerVerifier.BadBatch bad = verify().firstBadBatch();

        assertThat(bad.reason()).isEqualTo("rows-after-head");
        assertThat(bad.seq()).isEqualTo(4);
        assertThat(bad.firstStrayRowId()).isEqualTo(9);
    }

    @Test
    void aMissingBatchIsNamedByItsNumber() {
        batches.remove(1);
        rows.removeIf(r -> r.id() == 4 || r.id() == 5);

        LedgerVerifier.BadBatch bad = verify().firstBadBatch();

        assertThat(bad.seq()).isEqualTo(2);
        assertThat(bad.reason()).isEqualTo("batch-missing");
    }

    @Test
    void aBatchRewrittenWithRowsAndHashNamesTheBatchAfterItAsBrokenChain() {
        // batch 2's row edited and its hash recomputed: batch 3 still names the old hash
        rows.set(3, row(4, "TIMEOUT"));
        LedgerChain.Hasher h = new LedgerChain.Hasher(2, MONTH, batches.get(0).batchHash());
        h.add(rows.get(3)).add(rows.get(4));
        batches.set(1, withHash(batches.get(1), h.finish()));

        LedgerVerifier.BadBatch bad = verify().firstBadBatch();

        assertThat(bad.seq()).isEqualTo(3);
        assertThat(bad.reason()).isEqualTo("chain-broken");
    }

    @Test
    void aChainRewrittenToItsEndIsCaughtByTheCheckpointThatSignedItsHead() {
        String signed = batches.get(2).batchHash();
        rows.set(3, row(4, "TIMEOUT"));
        String previous = batches.get(0).batchHash();
        for (int i = 1; i < 3; i++) {
            LedgerChain.Batch b = batches.get(i);
            LedgerChain.Hasher h = new LedgerChain.Hasher(b.seq(), MONTH, previous);
            rows.stream().filter(r -> r.id() >= b.firstRowId() && r.id() <= b.lastRowId()).forEach(h::add);
            LedgerChain.Batch rewritten = new LedgerChain.Batch(b.seq(), MONTH, AT, b.firstRowId(), b.lastRowId(),
                    b.rowCount(), previous, h.finish());
            batches.set(i, rewritten);
            previous = rewritten.batchHash();
        }
        assertThat(verify().verified()).as("without a checkpoint, a rewrite to the end is consistent").isTrue();

        LedgerVerifier.BadBatch bad = verify(List.of(new LedgerVerifier.Checkpoint(3, signed, true)), 3)
                .firstBadBatch();

        assertThat(bad.seq()).isEqualTo(3);
        assertThat(bad.reason()).isEqualTo("checkpoint-mismatch");
    }

    @Test
    void aCheckpointWhoseSignatureDoesNotVerifyIsNamed() {
        LedgerVerifier.BadBatch bad = verify(List.of(new LedgerVerifier.Checkpoint(2, batches.get(1).batchHash(), false)),
                2).firstBadBatch();

        assertThat(bad.seq()).isEqualTo(2);
        assertThat(bad.reason()).isEqualTo("checkpoint-signature");
    }

    @Test
    void batchesRemovedFromTheEndAreNamedByTheCheckpointThatSignedThem() {
        List<LedgerVerifier.Checkpoint> checkpoints = List.of(new LedgerVerifier.Checkpoint(3, batches.get(2).batchHash(), true));
        batches.remove(2);
        rows.removeIf(r -> r.id() >= 6);

        LedgerVerifier.BadBatch bad = verify(checkpoints, 3).firstBadBatch();

        assertThat(bad.seq()).isEqualTo(3);
        assertThat(bad.reason()).isEqualTo("batches-missing-after-checkpoint");
    }

    @Test
    void anArchivedMonthsBatchesNeedNoRowsButStillChain() {
        rows.clear();

        LedgerVerifier.Verification v = LedgerVerifier.verify(null, null, new LedgerVerifier.Input(
                batches.iterator(), rows.iterator(), LedgerChain.GENESIS, Map.of(), 0, true,
                LedgerVerifier.inMonths(Set.of(MONTH)), false, 3));

        assertThat(v.verified()).isTrue();
        assertThat(v.archivedBatches()).isEqualTo(3);
        assertThat(v.rows()).isZero();
    }

    @Test
    void theHashCoversEveryColumn() {
        LedgerChain.ChainRow r = row(1, "FOUND");
        String base = new LedgerChain.Hasher(1, MONTH, LedgerChain.GENESIS).add(r).finish();
        List<LedgerChain.ChainRow> changed = List.of(
                new LedgerChain.ChainRow(2, r.occurredAt(), r.businessDate(), r.clientId(), r.agencyCode(), r.dossierId(),
                        r.procedureCode(), r.officerId(), r.source(), r.subjectHash(), r.outcome(), r.servedFrom(),
                        r.durationMs(), r.correlationId()),
                new LedgerChain.ChainRow(1, r.occurredAt().plusNanos(1000), r.businessDate(), r.clientId(), r.agencyCode(),
                        r.dossierId(), r.procedureCode(), r.officerId(), r.source(), r.subjectHash(), r.outcome(),
                        r.servedFrom(), r.durationMs(), r.correlationId()),
                new LedgerChain.ChainRow(1, r.occurredAt(), r.businessDate(), r.clientId(), null, r.dossierId(),
                        r.procedureCode(), r.officerId(), r.source(), r.subjectHash(), r.outcome(), r.servedFrom(),
                        r.durationMs(), r.correlationId()),
                new LedgerChain.ChainRow(1, r.occurredAt(), r.businessDate(), r.clientId(), r.agencyCode(), r.dossierId(),
                        r.procedureCode(), "", r.source(), r.subjectHash(), r.outcome(), r.servedFrom(),
                        r.durationMs(), r.correlationId()),
                new LedgerChain.ChainRow(1, r.occurredAt(), r.businessDate(), r.clientId(), r.agencyCode(), r.dossierId(),
                        r.procedureCode(), r.officerId(), r.source(), r.subjectHash(), r.outcome(), r.servedFrom(),
                        13, r.correlationId()));
        for (LedgerChain.ChainRow c : changed) {
            assertThat(new LedgerChain.Hasher(1, MONTH, LedgerChain.GENESIS).add(c).finish()).isNotEqualTo(base);
        }
        assertThat(new LedgerChain.Hasher(2, MONTH, LedgerChain.GENESIS).add(r).finish()).isNotEqualTo(base);
        assertThat(new LedgerChain.Hasher(1, MONTH.plusMonths(1), LedgerChain.GENESIS).add(r).finish()).isNotEqualTo(base);
    }

    private static LedgerChain.Batch withRange(LedgerChain.Batch b, long first, long last, int count) {
        return new LedgerChain.Batch(b.seq(), b.month(), b.committedAt(), first, last, count, b.prevHash(), b.batchHash());
    }

    private static LedgerChain.Batch withHash(LedgerChain.Batch b, String hash) {
        return new LedgerChain.Batch(b.seq(), b.month(), b.committedAt(), b.firstRowId(), b.lastRowId(), b.rowCount(),
                b.prevHash(), hash);
    }

    @Test
    void aRangeWithoutNewBatchesAfterTheLastCheckpointVerifies() {
        // a checkpoint round when nothing was appended since: no batch after the checkpoint, the head is it
        LedgerVerifier.Verification v = LedgerVerifier.verify(null, null, new LedgerVerifier.Input(
                java.util.Collections.emptyIterator(), java.util.Collections.emptyIterator(), batches.get(2).batchHash(),
                Map.of(), 3, true, b -> false, false, 3));

        assertThat(v.verified()).as("%s", v).isTrue();
        assertThat(v.batches()).isZero();
    }

    @Test
    void batchesRemovedWithTheHeadRewrittenAreNamedByTheCheckpointThatSignedThem() {
        // a checkpoint signed batch 3; batches 2 and 3 and their rows are gone and the head says 1
        LedgerVerifier.BadBatch bad = LedgerVerifier.verify(null, null, new LedgerVerifier.Input(
                java.util.Collections.emptyIterator(), java.util.Collections.emptyIterator(), batches.get(0).batchHash(),
                Map.of(), 3, true, b -> false, false, 1)).firstBadBatch();

        assertThat(bad.reason()).isEqualTo("batches-missing-after-checkpoint");
        assertThat(bad.seq()).isEqualTo(2);
    }
}
