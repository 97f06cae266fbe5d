package vn.lgsp.hub.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A month of the ledger as an archive (docs/operations.md, "Retention and archives"): three files under
 * {@code ledger-YYYY-MM/} — {@code batches.jsonl.gz} (the month's batches of the chain, by number),
 * {@code rows.jsonl.gz} (their rows, by id: every column of {@code lookup_ledger}) and {@code manifest.json}
 * (the counts, the first and last batch, the hash the month's chain ends on, each file's SHA-256, and an
 * Ed25519 signature of all of it with the checkpoints' key). Plain Java: the hub writes and re-imports it,
 * the offline verifier reads it without a database.
 */
public final class LedgerArchive {

    public static final String FORMAT = "lgsp-ledger-archive-1";
    public static final String BATCHES = "batches.jsonl.gz";
    public static final String ROWS = "rows.jsonl.gz";
    public static final String MANIFEST = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerArchive() {
    }

    /** The folder of a month's archive in a store. */
    public static String folder(YearMonth month) {
        return "ledger-" + month;
    }

    /** What an archive's manifest states, and its signature under {@code keyId}. */
    public record Manifest(YearMonth month, long rows, long batches, Long firstSeq, Long lastSeq, String firstPrevHash,
                           String endHash, String batchesSha256, String rowsSha256, Instant createdAt, String keyId,
                           String signature) {

        /** The text the signature covers: every field but the signature, in this order. */
        public byte[] signed() {
            return String.join("\n", FORMAT, month.toString(), Long.toString(rows), Long.toString(batches),
                    String.valueOf(firstSeq), String.valueOf(lastSeq), String.valueOf(firstPrevHash),
                    String.valueOf(endHash), batchesSha256, rowsSha256, createdAt.toString(), keyId)
                    .getBytes(StandardCharsets.US_ASCII);
        }

        public byte[] toJson() {
            ObjectNode m = JSON.createObjectNode();
            m.put("format", FORMAT);
            m.put("month", month.toString());
            m.put("rows", rows);
            m.put("batches", batches);
            m.put("firstSeq", firstSeq);
            m.put("lastSeq", lastSeq);
            m.put("firstPrevHash", firstPrevHash);
            m.put("endHash", endHash);
            ObjectNode files = m.putObject("files");
            files.putObject(BATCHES).put("sha256", batchesSha256);
            files.putObject(ROWS).put("sha256", rowsSha256);
            m.put("createdAt", createdAt.toString());
            m.put("keyId", keyId);
            m.put("signature", signature);
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static Manifest parse(InputStream in) throws IOException {
            JsonNode m = JSON.readTree(in);
            if (!FORMAT.equals(m.path("format").asText())) {
                throw new IOException("not a ledger archive manifest of format " + FORMAT);
            }
            return new Manifest(YearMonth.parse(m.path("month").asText()), m.path("rows").asLong(),
                    m.path("batches").asLong(), longOrNull(m.path("firstSeq")), longOrNull(m.path("lastSeq")),
                    textOrNull(m.path("firstPrevHash")), textOrNull(m.path("endHash")),
                    m.path("files").path(BATCHES).path("sha256").asText(), m.path("files").path(ROWS).path("sha256").asText(),
                    Instant.parse(m.path("createdAt").asText()), m.path("keyId").asText(), m.path("signature").asText());
        }
    }

    /** Writes a batch or a row as one line of its file, counting and hashing the compressed bytes. */
    public static final class Writer implements AutoCloseable {

        private final MessageDigest digest;
        private final OutputStream gzip;
        private final JsonGenerator json;
        private long lines;

        public Writer(Path file) throws IOException {
            digest = newSha256();
            gzip = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(file), digest), 1 << 16);
            json = JSON.getFactory().createGenerator(gzip);
            json.setRootValueSeparator(null);
        }

        public void batch(LedgerChain.Batch b) throws IOException {
            json.writeStartObject();
            json.writeNumberField("seq", b.seq());
            json.writeStringField("month", b.month().toString());
            json.writeStringField("committedAt", b.committedAt().toString());
            json.writeNumberField("firstRowId", b.firstRowId());
            json.writeNumberField("lastRowId", b.lastRowId());
            json.writeNumberField("rowCount", b.rowCount());
            json.writeStringField("prevHash", b.prevHash());
            json.writeStringField("batchHash", b.batchHash());
            end();
        }

        public void row(LedgerChain.ChainRow r) throws IOException {
            json.writeStartObject();
            json.writeNumberField("id", r.id());
            json.writeStringField("occurredAt", r.occurredAt().toString());
            json.writeStringField("businessDate", r.businessDate().toString());
            json.writeStringField("clientId", r.clientId());
            json.writeStringField("agencyCode", r.agencyCode());
            json.writeStringField("dossierId", r.dossierId());
            json.writeStringField("procedureCode", r.procedureCode());
            json.writeStringField("officerId", r.officerId());
            json.writeStringField("source", r.source());
            json.writeStringField("subjectHash", r.subjectHash());
            json.writeStringField("outcome", r.outcome());
            json.writeStringField("servedFrom", r.servedFrom());
            json.writeNumberField("durationMs", r.durationMs());
            json.writeStringField("correlationId", r.correlationId());
            end();
        }

        private void end() throws IOException {
            json.writeEndObject();
            json.writeRaw('\n');
            lines++;
        }

        public long lines() {
            return lines;
        }

        /** The SHA-256 of the compressed file, hex: once closed. */
        public String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }

        @Override
        public void close() throws IOException {
            json.close();
            gzip.close();
        }
    }

    /** Reads a file of the archive line by line, hashing its compressed bytes as it goes. */
    public static final class Reader<T> implements Iterator<T>, AutoCloseable {

        interface Mapper<T> {
            T map(JsonNode line);
        }

        private final MessageDigest digest;
        private final BufferedReader lines;
        private final Mapper<T> mapper;
        private String next;

        private Reader(InputStream in, Mapper<T> mapper) throws IOException {
            this.digest = newSha256();
            this.lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(new DigestInputStream(in, digest),
                    1 << 16), StandardCharsets.UTF_8));
            this.mapper = mapper;
        }

        public static Reader<LedgerChain.Batch> batches(InputStream in) throws IOException {
            return new Reader<>(in, LedgerArchive::batch);
        }

        public static Reader<LedgerChain.ChainRow> rows(InputStream in) throws IOException {
            return new Reader<>(in, LedgerArchive::row);
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = lines.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = next;
            next = null;
            try {
                return mapper.map(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads what is left (so the whole file is hashed) and returns its SHA-256, hex. */
        public String drainedSha256() throws IOException {
            while (lines.readLine() != null) {
                // the rest of the file counts in its hash
            }
            return HexFormat.of().formatHex(digest.digest());
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    static LedgerChain.Batch batch(JsonNode b) {
        return new LedgerChain.Batch(b.path("seq").asLong(), LocalDate.parse(b.path("month").asText()),
                Instant.parse(b.path("committedAt").asText()), b.path("firstRowId").asLong(), b.path("lastRowId").asLong(),
                b.path("rowCount").asInt(), b.path("prevHash").asText(), b.path("batchHash").asText());
    }

    static LedgerChain.ChainRow row(JsonNode r) {
        return new LedgerChain.ChainRow(r.path("id").asLong(), Instant.parse(r.path("occurredAt").asText()),
                LocalDate.parse(r.path("businessDate").asText()), textOrNull(r.path("clientId")),
                textOrNull(r.path("agencyCode")), textOrNull(r.path("dossierId")), textOrNull(r.path("procedureCode")),
                textOrNull(r.path("officerId")), textOrNull(r.path("source")), textOrNull(r.path("subjectHash")),
                textOrNull(r.path("outcome")), textOrNull(r.path("servedFrom")), r.path("durationMs").asInt(),
                textOrNull(r.path("correlationId")));
    }

    /**
     * Verifies an archive in full: the manifest's signature, each file's hash and count, every batch's rows
     * and hash, and the links between the month's consecutive batches (a month's batches may interleave with
     * the next month's around its end, so a gap in numbers is not an error here; the database's chain, which
     * keeps every batch, checks those links).
     */
    public static LedgerVerifier.Verification verify(ArchiveSource source, YearMonth month, LedgerSigning keys)
            throws IOException {
        String folder = folder(month);
        Manifest manifest;
        try (InputStream in = source.open(folder + "/" + MANIFEST)) {
            manifest = Manifest.parse(in);
        }
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        if (!manifest.month().equals(month) || !keys.verifySigned(manifest.keyId(), manifest.signed(),
                manifest.signature())) {
            return new LedgerVerifier.Verification(first, last, 0, 0, 0, 0, false,
                    LedgerVerifier.BadBatch.missing(manifest.firstSeq() == null ? 0 : manifest.firstSeq(),
                            "manifest-signature"));
        }
        LedgerVerifier.Verification v;
        try (Reader<LedgerChain.Batch> batches = Reader.batches(source.open(folder + "/" + BATCHES));
             Reader<LedgerChain.ChainRow> rows = Reader.rows(source.open(folder + "/" + ROWS))) {
            v = LedgerVerifier.verify(first, last, new LedgerVerifier.Input(batches, rows, manifest.firstPrevHash(),
                    Map.of(), 0, true, b -> false, true, manifest.lastSeq() == null ? 0 : manifest.lastSeq()));
            boolean filesMatch = batches.drainedSha256().equals(manifest.batchesSha256())
                    && rows.drainedSha256().equals(manifest.rowsSha256());
            if (v.verified() && (!filesMatch || v.batches() != manifest.batches() || v.rows() != manifest.rows())) {
                v = v.withFirstBad(LedgerVerifier.BadBatch.missing(manifest.firstSeq() == null ? 0 : manifest.firstSeq(),
                        "archive-files-altered"));
            }
        }
        return v;
    }

    /** Where an archive's files are read from: a directory, an object store. */
    public interface ArchiveSource {
        InputStream open(String name) throws IOException;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static Long longOrNull(JsonNode n) {
        return n.isNumber() ? n.asLong() : null;
    }

    private static String textOrNull(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : n.asText();
    }
}
