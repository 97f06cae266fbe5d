package vn.lgsp.hub.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import vn.lgsp.hub.reuse.ReuseCopy;

/**
 * The ledger's journal: the rows of answered lookups (and the reuse copies that go with them),
 * appended to files in the hub's data directory before the answers are sent, and moved into the
 * database in large batches by {@link LedgerWriter}. A lookup then waits for one append to a file,
 * not for a database commit, and the database takes hundreds of rows per commit.
 *
 * <p>The journal is a directory of segment files {@code ledger-<n>.journal}, each a sequence of
 * records {@code [length: int][CRC-32C of the payload: int][payload]}; a record whose length or
 * checksum does not hold ends its segment (the tail of a write the process did not finish). A
 * position in the journal is a segment and an offset in it; the database keeps, in the transaction
 * that imports a batch, the position after the batch's last record ({@code ledger_journal}), so a
 * record is imported exactly once. Segments wholly before that position are deleted. The directory
 * holds the journal's id ({@code journal.id}) and is locked ({@code journal.lock}) by the one process
 * that writes it. Each {@link #open} starts a new segment: the old ones are only read, by
 * {@link #recordsFrom}.
 */
final class LedgerJournal implements AutoCloseable {

    /** A position in the journal: the offset after a record in its segment. */
    record Position(long segment, long offset) {
        boolean isBefore(Position other) {
            return segment < other.segment || (segment == other.segment && offset < other.offset);
        }
    }

    /** A record read back, with the position after it. */
    record Entry(LedgerEntry entry, ReuseCopy copy, Position end) implements LedgerWriter.Row {
    }

    private static final Pattern SEGMENT = Pattern.compile("ledger-(\\d{19})\\.journal");
    private static final int HEADER = 8;
    /** Records are written in format 2 (a copy's key version after its payload); format 1's copies are under version 1. */
    private static final byte FORMAT = 2;
    private static final byte FORMAT_1 = 1;
    /** A record longer than this is not one the hub wrote: the segment ends there. */
    private static final int MAX_RECORD = 16 * 1024 * 1024;

    private final Path directory;
    private final String id;
    private final long segmentBytes;
    private final boolean force;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long firstSegment;
    private FileChannel current;
    private long currentSegment;
    private long currentSize;

    private LedgerJournal(Path directory, String id, long segmentBytes, boolean force, FileChannel lockChannel,
                          FileLock lock, long firstSegment) throws IOException {
        this.directory = directory;
        this.id = id;
        this.segmentBytes = segmentBytes;
        this.force = force;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.firstSegment = firstSegment;
        startSegment(firstSegment);
    }

    /**
     * Opens the journal in {@code directory} (made if missing) for writing, in a new segment after any
     * it holds.
     *
     * @param force whether each append waits until the data is on the disk (fsync), not only handed to
     *              the operating system
     * @throws IllegalStateException when another process writes this journal
     */
    static LedgerJournal open(Path directory, long segmentBytes, boolean force) throws IOException {
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve("journal.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("The ledger journal in " + directory
                    + " is written by another process: each hub instance needs a data directory of its own");
        }
        Path idFile = directory.resolve("journal.id");
        String id;
        if (Files.exists(idFile)) {
            id = Files.readString(idFile, StandardCharsets.US_ASCII).trim();
        } else {
            id = UUID.randomUUID().toString();
            Path written = directory.resolve("journal.id.new");
            Files.writeString(written, id, StandardCharsets.US_ASCII);
            Files.move(written, idFile);
        }
        List<Long> segments = segments(directory);
        long next = segments.isEmpty() ? 1 : segments.get(segments.size() - 1) + 1;
        return new LedgerJournal(directory, id, segmentBytes, force, lockChannel, lock, next);
    }

    /** The journal's id, under which the database keeps the position imported. */
    String id() {
        return id;
    }

    /** The position before the first record this process appends. */
    Position start() {
        return new Position(firstSegment, 0);
    }

    /**
     * Appends the records, in order, in one write; returns the position after each. Called by one
     * thread at a time.
     */
    Position[] append(List<byte[]> records) throws IOException {
        int total = 0;
        for (byte[] r : records) {
            total += HEADER + r.length;
        }
        if (currentSize > 0 && currentSize + total > segmentBytes) {
            current.close();
            startSegment(currentSegment + 1);
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        Position[] ends = new Position[records.size()];
        CRC32C crc = new CRC32C();
        long offset = currentSize;
        for (int i = 0; i < records.size(); i++) {
            byte[] r = records.get(i);
            crc.reset();
            crc.update(r);
            buffer.putInt(r.length).putInt((int) crc.getValue()).put(r);
            offset += HEADER + r.length;
            ends[i] = new Position(currentSegment, offset);
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                current.write(buffer);
            }
            if (force) {
                current.force(false);
            }
        } catch (IOException failed) {
            // what this write left in the segment ends it (a torn record); the next write begins another
            try {
                current.close();
                startSegment(currentSegment + 1);
            } catch (IOException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        currentSize = offset;
        return ends;
    }

    /**
     * Every complete record after {@code from} (null: from the first segment there is), in order. Read
     * when the hub starts, before anything is appended.
     */
    List<Entry> recordsFrom(Position from) throws IOException {
        List<Entry> found = new ArrayList<>();
        for (long segment : segments(directory)) {
            if (segment >= currentSegment || (from != null && segment < from.segment())) {
                continue;
            }
            long offset = from != null && segment == from.segment() ? from.offset() : 0;
            readSegment(segment, offset, found);
        }
        return found;
    }

    private void readSegment(long segment, long offset, List<Entry> into) throws IOException {
        try (InputStream file = Files.newInputStream(path(segment))) {
            file.skipNBytes(offset);
            DataInputStream in = new DataInputStream(file);
            CRC32C crc = new CRC32C();
            while (true) {
                int length;
                int checksum;
                try {
                    length = in.readInt();
                    checksum = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                if (length <= 0 || length > MAX_RECORD) {
                    return;
                }
                byte[] payload = new byte[length];
                try {
                    in.readFully(payload);
                } catch (EOFException torn) {
                    return;
                }
                crc.reset();
                crc.update(payload);
                if ((int) crc.getValue() != checksum) {
                    return;
                }
                offset += HEADER + length;
                Entry decoded = decode(payload, new Position(segment, offset));
                into.add(decoded);
            }
        } catch (EOFException skippedPastTheEnd) {
            // the offset imported is the segment's end
        }
    }

    /** Deletes the segments wholly before {@code position} (imported). */
    void release(Position position) throws IOException {
        for (long segment : segments(directory)) {
            if (segment < position.segment() && segment < currentSegment) {
                Files.deleteIfExists(path(segment));
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            current.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    private void startSegment(long segment) throws IOException {
        current = FileChannel.open(path(segment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentSegment = segment;
        currentSize = 0;
    }

    private Path path(long segment) {
        return directory.resolve(String.format("ledger-%019d.journal", segment));
    }

    private static List<Long> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> SEGMENT.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .sorted()
                    .toList();
        }
    }

    // --- the record format ---------------------------------------------------------------------

    /** A lookup's row and its copy (or null) as the journal stores them. */
    static byte[] encode(LedgerEntry e, ReuseCopy copy) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(copy == null ? 256 : 256 + copy.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            instant(out, e.occurredAt());
            text(out, e.clientId());
            text(out, e.agencyCode());
            text(out, e.dossierId());
            text(out, e.procedureCode());
            text(out, e.officerId());
            text(out, e.source());
            text(out, e.subjectHash());
            text(out, e.outcome());
            text(out, e.servedFrom());
            out.writeInt(e.durationMs());
            text(out, e.correlationId());
            out.writeBoolean(copy != null);
            if (copy != null) {
                text(out, copy.source());
                text(out, copy.subjectHash());
                out.writeInt(copy.payload().length);
                out.write(copy.payload());
                out.writeShort(copy.keyVersion());
                text(out, copy.digest());
                instant(out, copy.storedAt());
                instant(out, copy.expiresAt());
                instant(out, copy.renewBefore());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static Entry decode(byte[] payload, Position end) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        byte format = in.readByte();
        if (format != FORMAT && format != FORMAT_1) {
            throw new IOException("ledger journal record of unknown format " + format);
        }
        LedgerEntry entry = new LedgerEntry(instant(in), text(in), text(in), text(in), text(in), text(in), text(in),
                text(in), text(in), text(in), in.readInt(), text(in));
        ReuseCopy copy = null;
        if (in.readBoolean()) {
            String source = text(in);
            String subjectHash = text(in);
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            int keyVersion = format == FORMAT_1 ? 1 : in.readShort();
            copy = new ReuseCopy(source, subjectHash, body, keyVersion, text(in), instant(in), instant(in),
                    instant(in));
        }
        return new Entry(entry, copy, end);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void instant(DataOutputStream out, Instant value) throws IOException {
        out.writeLong(value.getEpochSecond());
        out.writeInt(value.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
