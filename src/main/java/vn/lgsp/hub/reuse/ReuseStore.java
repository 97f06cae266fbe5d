package vn.lgsp.hub.reuse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.Purgeable;
import vn.lgsp.hub.common.SealedTable;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.sources.settings.SourceSettings;

/**
 * The reuse store: per source and subject, the last canonical answer, encrypted at rest and
 * servable while within the source's reuse TTL. An expired copy is never served, and is purged. Copies are
 * written together with the ledger row of the lookup that produced them ({@code LedgerWriter}); until
 * then (the ledger's journal moves rows to the database in batches) the copy on its way is served.
 *
 * <p>A copy is stored under the subject's hash of the key version current when it was written; a subject is
 * looked for under every version's hash, and its newest copy is the one that counts (an older one, under an
 * older version's hash, is never served, and is purged when it expires).
 */
@Component
public class ReuseStore implements SealedTable.Owner, Purgeable {

    static final String TABLE = "reuse_copy";
    /** Kept by the reuse store only: the ledger writes a lookup's copy through {@link #write}. */
    private static final String MERGE_COPY = "MERGE INTO reuse_copy t "
            + "USING (VALUES (CAST(? AS VARCHAR(32)), CAST(? AS CHAR(64)), CAST(? AS BYTEA), CAST(? AS SMALLINT), "
            + "CAST(? AS CHAR(64)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE))) "
            + "AS s (source, subject_hash, payload, key_version, answer_digest, stored_at, expires_at, renew_before) "
            + "ON t.source = s.source AND t.subject_hash = s.subject_hash "
            + "WHEN MATCHED AND (t.answer_digest IS NULL OR t.answer_digest <> s.answer_digest "
            + "OR t.expires_at < s.renew_before) THEN UPDATE SET payload = s.payload, key_version = s.key_version, "
            + "answer_digest = s.answer_digest, stored_at = s.stored_at, expires_at = s.expires_at "
            + "WHEN NOT MATCHED THEN INSERT (source, subject_hash, payload, key_version, answer_digest, stored_at, "
            + "expires_at) VALUES (s.source, s.subject_hash, s.payload, s.key_version, s.answer_digest, s.stored_at, "
            + "s.expires_at)";
    private static final byte[] RETRIEVED_AT = ("\"" + SourceSettings.RETRIEVED_AT + "\":")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUOTE = {'"'};

    private final JdbcTemplate jdbc;
    private final DataProtection protection;
    private final Clock clock;
    /** Copies kept in the ledger's journal and not yet written here, by source and subject hash. */
    private final Map<String, ReuseCopy> held = new ConcurrentHashMap<>();

    public ReuseStore(JdbcTemplate jdbc, DataProtection protection, Clock clock) {
        this.jdbc = jdbc;
        this.protection = protection;
        this.clock = clock;
    }

    /** A copy as the table holds it. */
    private record Stored(String subjectHash, byte[] payload, int keyVersion, OffsetDateTime expiresAt) {
    }

    /**
     * The canonical JSON of the subject's copy, if its newest one is still within its TTL. The subject is known
     * by its hash under every key version ({@link DataProtection#subjectHashes}). A copy sealed under a key version
     * whose encryption key is no longer configured is none (the source answers, and its answer is the new copy).
     */
    public Optional<byte[]> validCopy(String source, List<String> subjectHashes) {
        Instant now = clock.instant();
        ReuseCopy onItsWay = null;
        for (String hash : subjectHashes) {
            ReuseCopy copy = held.get(key(source, hash));
            if (copy != null && (onItsWay == null || copy.storedAt().isAfter(onItsWay.storedAt()))) {
                onItsWay = copy;
            }
        }
        if (onItsWay != null && onItsWay.expiresAt().isAfter(now) && protection.opens(onItsWay.keyVersion())) {
            return Optional.of(protection.decrypt(onItsWay.payload(), onItsWay.keyVersion(),
                    associatedData(source, onItsWay.subjectHash())));
        }
        List<Object> args = new ArrayList<>(subjectHashes.size() + 1);
        args.add(source);
        args.addAll(subjectHashes);
        List<Stored> newest = jdbc.query("SELECT subject_hash, payload, key_version, expires_at FROM reuse_copy "
                        + "WHERE source = ? AND subject_hash IN (" + String.join(", ", Collections.nCopies(subjectHashes.size(), "?"))
                        + ") ORDER BY stored_at DESC FETCH FIRST 1 ROWS ONLY",
                (rs, row) -> new Stored(rs.getString(1), rs.getBytes(2), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class)), args.toArray());
        return newest.stream().filter(c -> c.expiresAt().toInstant().isAfter(now) && protection.opens(c.keyVersion()))
                .findFirst()
                .map(c -> protection.decrypt(c.payload(), c.keyVersion(), associatedData(source, c.subjectHash())));
    }

    /**
     * Writes these copies (one per subject, in key order) in the caller's transaction: the ledger keeps a
     * lookup's copy in the same commit as its row. A stored copy of the same answer is left as it is until it
     * nears its expiry ({@link ReuseCopy}).
     */
    public void write(Connection connection, Collection<ReuseCopy> copies) throws SQLException {
        if (copies.isEmpty()) {
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement(MERGE_COPY)) {
            for (ReuseCopy c : copies) {
                merge.setString(1, c.source());
                merge.setString(2, c.subjectHash());
                merge.setBytes(3, c.payload());
                merge.setShort(4, (short) c.keyVersion());
                merge.setString(5, c.digest());
                merge.setObject(6, OffsetDateTime.ofInstant(c.storedAt(), ZoneOffset.UTC));
                merge.setObject(7, OffsetDateTime.ofInstant(c.expiresAt(), ZoneOffset.UTC));
                merge.setObject(8, OffsetDateTime.ofInstant(c.renewBefore(), ZoneOffset.UTC));
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    /** A copy on its way to the store (in the ledger's journal): served until it is written. */
    public void held(ReuseCopy copy) {
        held.put(key(copy.source(), copy.subjectHash()), copy);
    }

    /** A copy the ledger wrote (or left, when the stored one had its answer): no longer held, unless a newer one is. */
    public void written(ReuseCopy copy) {
        held.remove(key(copy.source(), copy.subjectHash()), copy);
    }

    private static String key(String source, String subjectHash) {
        return source + '|' + subjectHash;
    }

    /**
     * A copy of a fresh answer, to be written with its ledger row; none when the source keeps no copies.
     * The ledger writer leaves a stored copy of the same answer as it is while more than half of the
     * source's TTL remains of it.
     */
    public ReuseCopy copyOf(String source, SourceProperties.Source settings, String subjectHash, byte[] canonicalJson) {
        if (settings.reuseMode() == SourceProperties.ReuseMode.OFF) {
            return null;
        }
        Instant now = clock.instant();
        long ttl = settings.reuseTtlSeconds();
        DataProtection.Sealed sealed = protection.encrypt(canonicalJson, associatedData(source, subjectHash));
        return new ReuseCopy(source, subjectHash, sealed.ciphertext(), sealed.keyVersion(),
                protection.digest(withoutRetrievalTime(canonicalJson)), now, now.plusSeconds(ttl),
                now.plusSeconds(ttl - ttl / 2));
    }

    /** The payload, bound to its source and subject hash, for the re-encryption job. */
    @Override
    public List<SealedTable> sealedTables() {
        return List.of(new SealedTable(TABLE, List.of("source", "subject_hash"), List.of(new SealedTable.Column(
                "payload", key -> associatedData((String) key.get(0), (String) key.get(1))))));
    }

    @Override
    public String purged() {
        return TABLE;
    }

    /** Copies past their expiry: never served, and deleted. */
    @Override
    public int purge(Instant now, int limit) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<Object[]> expired = jdbc.query("SELECT source, subject_hash FROM reuse_copy WHERE expires_at < ? "
                + "FETCH FIRST ? ROWS ONLY", (rs, n) -> new Object[] {rs.getString(1), rs.getString(2), at}, at, limit);
        if (expired.isEmpty()) {
            return 0;
        }
        return Arrays.stream(jdbc.batchUpdate("DELETE FROM reuse_copy WHERE source = ? AND subject_hash = ? "
                + "AND expires_at < ?", expired)).map(n -> n == Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0)).sum();
    }

    /**
     * The canonical JSON with the value of its {@code retrievedAt} left out (the field the hub adds
     * to every answer): two answers that differ only in when they were retrieved have one digest.
     */
    static byte[] withoutRetrievalTime(byte[] json) {
        int at = indexOf(json, RETRIEVED_AT, 0);
        if (at < 0) {
            return json;
        }
        int valueStart = at + RETRIEVED_AT.length;
        int end = valueStart;
        if (end < json.length && json[end] == '"') {
            end = indexOf(json, QUOTE, end + 1);
            end = end < 0 ? json.length : end + 1;
        } else {
            while (end < json.length && json[end] != ',' && json[end] != '}') {
                end++;
            }
        }
        byte[] without = new byte[json.length - (end - valueStart)];
        System.arraycopy(json, 0, without, 0, valueStart);
        System.arraycopy(json, end, without, valueStart, json.length - end);
        return without;
    }

    private static int indexOf(byte[] data, byte[] part, int from) {
        outer:
        for (int i = from; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String associatedData(String source, String subjectHash) {
        return "reuse_copy:" + source + ":" + subjectHash;
    }
}
