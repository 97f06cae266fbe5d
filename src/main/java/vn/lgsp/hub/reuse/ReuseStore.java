package vn.lgsp.hub.reuse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.sources.SourceProperties;

/**
 * The reuse store: per source and subject, the last canonical answer, encrypted at rest and
 * servable while within the source's reuse TTL. An expired copy is never served. Copies are
 * written together with the ledger row of the lookup that produced them ({@code LedgerWriter}).
 */
@Component
public class ReuseStore {

    private final JdbcTemplate jdbc;
    private final DataProtection protection;
    private final Clock clock;

    public ReuseStore(JdbcTemplate jdbc, DataProtection protection, Clock clock) {
        this.jdbc = jdbc;
        this.protection = protection;
        this.clock = clock;
    }

    /** The canonical JSON of a copy still within its TTL, if there is one. */
    public Optional<byte[]> validCopy(String source, String subjectHash) {
        List<byte[]> payloads = jdbc.query(
                "SELECT payload FROM reuse_copy WHERE source = ? AND subject_hash = ? AND expires_at > ?",
                (rs, row) -> rs.getBytes(1), source, subjectHash, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        return payloads.stream().findFirst().map(p -> protection.decrypt(p, associatedData(source, subjectHash)));
    }

    /** A copy of a fresh answer, to be written with its ledger row; none when the source keeps no copies. */
    public ReuseCopy copyOf(String source, SourceProperties.Source settings, String subjectHash, byte[] canonicalJson) {
        if (settings.reuseMode() == SourceProperties.ReuseMode.OFF) {
            return null;
        }
        Instant now = clock.instant();
        return new ReuseCopy(source, subjectHash, protection.encrypt(canonicalJson, associatedData(source, subjectHash)),
                now, now.plusSeconds(settings.reuseTtlSeconds()));
    }

    private static String associatedData(String source, String subjectHash) {
        return "reuse_copy:" + source + ":" + subjectHash;
    }
}
