package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lgsp.hub.reuse.ReuseCopy;

/** The ledger's journal files: what is read back after a stop or a crash. */
class LedgerJournalTest {

    @TempDir
    Path directory;

    private static LedgerEntry entry(String correlationId) {
        return new LedgerEntry(Instant.parse("2026-12-01T03:04:05.123456789Z"), "provincial-ap-system", "000.00.01.H12",
                "D-1", "1.001612", "officer-7", "citizens", "a".repeat(64), "FOUND", "source", 42, correlationId);
    }

    private static byte[] record(String correlationId) {
        return LedgerJournal.encode(entry(correlationId), null);
    }

    private List<String> readBack(LedgerJournal.Position from) throws IOException {
        try (LedgerJournal journal = LedgerJournal.open(directory, 1 << 20, false)) {
            return journal.recordsFrom(from).stream().map(e -> e.entry().correlationId()).toList();
        }
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".journal")).findFirst().orElseThrow();
        }
    }

    @Test
    void aRowAndItsCopyReadBackAsWritten() throws IOException {
        ReuseCopy copy = new ReuseCopy("citizens", "b".repeat(64), new byte[] {1, 2, 3, 0, -1}, 3, "digest",
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"),
                Instant.parse("2026-12-01T12:00:00Z"));
        LedgerEntry withNulls = new LedgerEntry(Instant.EPOCH, "c", null, null, null, null, "land", "h", "NOT_FOUND",
                null, 0, "n");
        try (LedgerJournal journal = LedgerJournal.open(directory, 1 << 20, false)) {
            journal.append(List.of(LedgerJournal.encode(entry("with-copy"), copy), LedgerJournal.encode(withNulls, null)));
        }
        try (LedgerJournal journal = LedgerJournal.open(directory, 1 << 20, false)) {
            List<LedgerJournal.Entry> read = journal.recordsFrom(null);
            assertThat(read).hasSize(2);
            assertThat(read.get(0).entry()).isEqualTo(entry("with-copy"));
            assertThat(read.get(0).copy()).usingRecursiveComparison().isEqualTo(copy);
            assertThat(read.get(1).entry()).isEqualTo(withNulls);
            assertThat(read.get(1).copy()).isNull();
        }
    }

    /** A journal written before copies carried their key version (format 1): its copies are under version 1. */
    @Test
    void aCopyJournaledBeforeKeyVersionsIsUnderVersionOne() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(0);
            out.writeInt(0);
            for (String text : new String[] {"c", null, "D-1", null, null, "citizens", "a".repeat(64), "FOUND", "source"}) {
                out.writeBoolean(text != null);
                if (text != null) {
                    out.writeUTF(text);
                }
            }
            out.writeInt(7);
            out.writeBoolean(true);
            out.writeUTF("corr-1");
            out.writeBoolean(true);
            out.writeBoolean(true);
            out.writeUTF("citizens");
            out.writeBoolean(true);
            out.writeUTF("a".repeat(64));
            out.writeInt(2);
            out.write(new byte[] {9, 8});
            out.writeBoolean(true);
            out.writeUTF("digest");
            for (int i = 0; i < 3; i++) {
                out.writeLong(1_800_000_000L + i);
                out.writeInt(0);
            }
        }

        LedgerJournal.Entry read = LedgerJournal.decode(bytes.toByteArray(), null);

        assertThat(read.entry().correlationId()).isEqualTo("corr-1");
        assertThat(read.copy().payload()).containsExactly(9, 8);
        assertThat(read.copy().keyVersion()).isEqualTo(1);
        assertThat(read.copy().digest()).isEqualTo("digest");
        assertThat(read.copy().renewBefore()).isEqualTo(Instant.ofEpochSecond(1_800_000_002L));
    }

    @Test
    void aRecordTheProcessDidNotFinishWritingEndsTheJournal() throws IOException {
        try (LedgerJournal journal = LedgerJournal.open(directory, 1 << 20, false)) {
            journal.append(List.of(record("one"), record("two")));
        }
        byte[] whole = Files.readAllBytes(onlySegment());
        byte[] third = record("three");
        // the length and checksum of a third record, and half of its bytes
        Files.write(onlySegment(), new byte[] {0, 0, 0, (byte) third.length, 1, 2, 3, 4}, StandardOpenOption.APPEND);
        Files.write(onlySegment(), java.util.Arrays.copyOf(third, third.length / 2), StandardOpenOption.APPEND);

        assertThat(Files.size(onlySegment())).isGreaterThan(whole.length);
        assertThat(readBack(null)).containsExactly("one", "two");
    }

    @Test
    void aRecordWhoseChecksumDoesNotHoldEndsItsSegment() throws IOException {
        try (LedgerJournal journal = LedgerJournal.open(directory, 1 << 20, false)) {
            journal.append(List.of(record("one"), record("two"), record("three")));
        }
        byte[] bytes = Files.readAllBytes(onlySegment());
        int second = 8 + record("one").length;
        bytes[second + 8 + 5] ^= 0x55;
        Files.write(onlySegment(), bytes);

        assertThat(readBack(null)).containsExactly("one");
    }

    @Test
    void readingStartsAfterThePositionImportedAndSegmentsBeforeItAreDeleted() throws IOException {
        LedgerJournal.Position afterFirst;
        try (LedgerJournal journal = LedgerJournal.open(directory, 65_536, false)) {
            afterFirst = journal.append(List.of(record("first")))[0];
            for (int i = 0; i < 400; i++) {
                journal.append(List.of(record("more-" + i)));
            }
        }
        List<String> after = readBack(afterFirst);
        assertThat(after).hasSize(400).startsWith("more-0").endsWith("more-399");

        try (LedgerJournal journal = LedgerJournal.open(directory, 65_536, false)) {
            List<LedgerJournal.Entry> all = journal.recordsFrom(null);
            LedgerJournal.Position last = all.get(all.size() - 1).end();
            assertThat(last.segment()).as("the writes rolled over to new segments").isGreaterThan(1);
            journal.release(last);
            assertThat(journal.recordsFrom(null)).as("what is left: the last record's segment")
                    .allSatisfy(e -> assertThat(e.end().segment()).isEqualTo(last.segment()));
        }
    }
}
