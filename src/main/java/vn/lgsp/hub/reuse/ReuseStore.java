package vn.lgsp.hub.reuse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.sources.settings.SourceSettings;

/**
 * The reuse store: per source and subject, the last canonical answer, encrypted at rest and
 * servable while within the source's reuse TTL. An expired copy is never served. Copies are
 * written together with the ledger row of the lookup that produced them ({@code LedgerWriter}); until
 * then (the ledger's journal moves rows to the database in batches) the copy on its way is served.
 */
@Component
public class ReuseStore {

    /** Kept by the reuse store only: the ledger writes a lookup's copy through {@link #write}. */
    private static final String MERGE_COPY = "MERGE INTO reuse_copy t "
            + "USING (VALUES (CAST(? AS VARCHAR(32)), CAST(? AS CHAR(64)), CAST(? AS BYTEA), CAST(? AS CHAR(64)), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE))) "
            + "AS s (source, subject_hash, payload, answer_digest, stored_at, expires_at, renew_before) "
            + "ON t.source = s.source AND t.subject_hash = s.subject_hash "
            + "WHEN MATCHED AND (t.answer_digest IS NULL OR t.answer_digest <> s.answer_digest "
            + "OR t.expires_at < s.renew_before) THEN UPDATE SET payload = s.payload, answer_digest = s.answer_digest, "
            + "stored_at = s.stored_at, expires_at = s.expires_at "
            + "WHEN NOT MATCHED THEN INSERT (source, subject_hash, payload, answer_digest, stored_at, expires_at) "
            + "VALUES (s.source, s.subject_hash, s.payload, s.answer_digest, s.stored_at, s.expires_at)";
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

    /** The canonical JSON of a copy still within its TTL, if there is one. */
    public Optional<byte[]> validCopy(String source, String subjectHash) {
        ReuseCopy onItsWay = held.get(key(source, subjectHash));
        if (onItsWay != null && onItsWay.expiresAt().isAfter(clock.instant())) {
            return Optional.of(protection.decrypt(onItsWay.payload(), associatedData(source, subjectHash)));
        }
        List<byte[]> payloads = jdbc.query(
                "SELECT payload FROM reuse_copy WHERE source = ? AND subject_hash = ? AND expires_at > ?",
                (rs, row) -> rs.getBytes(1), source, subjectHash, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        return payloads.stream().findFirst().map(p -> protection.decrypt(p, associatedData(source, subjectHash)));
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
                merge.setString(4, c.digest());
                merge.setObject(5, OffsetDateTime.ofInstant(c.storedAt(), ZoneOffset.UTC));
                merge.setObject(6, OffsetDateTime.ofInstant(c.expiresAt(), ZoneOffset.UTC));
                merge.setObject(7, OffsetDateTime.ofInstant(c.renewBefore(), ZoneOffset.UTC));
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
        return new ReuseCopy(source, subjectHash, protection.encrypt(canonicalJson, associatedData(source, subjectHash)),
                protection.digest(withoutRetrievalTime(canonicalJson)), now, now.plusSeconds(ttl),
                now.plusSeconds(ttl - ttl / 2));
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
