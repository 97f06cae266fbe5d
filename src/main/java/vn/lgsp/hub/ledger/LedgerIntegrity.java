package vn.lgsp.hub.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.cluster.ClusterLocks;
import vn.lgsp.hub.cluster.ClusterRound;

/**
 * The ledger's tamper evidence at run time: verifies a range of days on request (the admin endpoint), and
 * every {@code hub.ledger.chain.checkpoint-interval-ms} verifies the links of the batches appended since the last
 * signed checkpoint (and that no row lies after the head) and, when they verify, signs the chain's head. Each
 * round also reads the rows of the next batches not yet read, {@code verify-rows-per-round} at most, so that
 * this reading never takes a peak's CPU from the lookups and catches up after it. One instance of a cluster does a round at a
 * time; the gauge {@code hub.ledger.chain.verified} is 1 after a round that verified, 0 after one that did
 * not (and then nothing is signed until the chain is repaired or the finding explained).
 */
@Component
public class LedgerIntegrity extends ClusterRound {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerIntegrity.class);
    private static final String LOCK = "ledger.checkpoint";

    private final DataSource dataSource;
    private final LedgerSigning keys;
    private final LedgerChainReader reader;
    private final LedgerChainProperties properties;
    private final ClusterLocks locks;
    private final LedgerWriter writer;
    private volatile double verified = Double.NaN;
    /** The last batch whose rows a round of this instance verified (-1: from the last checkpoint on). */
    private volatile long rowsVerifiedTo = -1;

    LedgerIntegrity(DataSource dataSource, LedgerChainProperties properties, ClusterLocks locks, LedgerWriter writer,
                    MeterRegistry meters) {
        super(locks, LOCK, "ledger-checkpoint", new Schedule(properties.checkpointIntervalMs(),
                properties.checkpointIntervalMs()));
        this.dataSource = dataSource;
        this.properties = properties;
        this.keys = LedgerSigning.of(properties.privateKey(), properties.publicKey(), properties.previousPublicKeys());
        this.reader = new LedgerChainReader(keys);
        this.locks = locks;
        this.writer = writer;
        Gauge.builder("hub.ledger.chain.verified", this, i -> i.verified)
                .description("1 when the ledger's last checkpoint round verified the batches since the last "
                        + "checkpoint, 0 when it found one that does not verify")
                .register(meters);
    }

    /** The checkpoints' keys: archives' manifests are signed with them too. */
    LedgerSigning keys() {
        return keys;
    }

    /** Verifies the batches committed on the business days {@code from..to}, every row of them. */
    public LedgerVerifier.Verification verify(LocalDate from, LocalDate to) {
        writer.awaitImported();
        try (Connection connection = dataSource.getConnection()) {
            return reader.verifyDays(connection, from, to);
        } catch (SQLException e) {
            throw new IllegalStateException("The ledger could not be read to verify it", e);
        }
    }

    /**
     * One round: verifies what was appended since the last checkpoint and signs the head when it verifies.
     *
     * @return the verification, or null when there was nothing new or another instance holds the round
     */
    public LedgerVerifier.Verification checkpoint() {
        return locks.whileHolding(LOCK, this::checkpointHeld).orElse(null);
    }

    private LedgerVerifier.Verification checkpointHeld() {
        try (Connection connection = dataSource.getConnection()) {
            long afterSeq = 0;
            String previous = LedgerChain.GENESIS;
            try (PreparedStatement select = connection.prepareStatement("SELECT seq, batch_hash, signed_at, key_id, "
                    + "signature FROM ledger_checkpoint ORDER BY seq DESC, id DESC FETCH FIRST 1 ROWS ONLY");
                 ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    afterSeq = rs.getLong(1);
                    previous = rs.getString(2);
                    if (!keys.verify(rs.getString(4), afterSeq, previous,
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(5))) {
                        return failed(LedgerVerifier.BadBatch.missing(afterSeq, "checkpoint-signature"));
                    }
                }
            }
            // the rows, as many as a round may read, from where the last round's reading ended
            long rowsFrom = rowsVerifiedTo < 0 ? afterSeq : rowsVerifiedTo;
            LedgerChainReader.Verified rows = reader.verifyRowsAfter(connection, rowsFrom,
                    properties.verifyRowsPerRound());
            if (!rows.verification().verified()) {
                return failed(rows.verification().firstBadBatch());
            }
            rowsVerifiedTo = rows.head().seq();
            // the links of every batch since the last checkpoint, and no row after the head
            LedgerChainReader.Verified v = reader.verifyLinksSince(connection, afterSeq, previous);
            if (!v.verification().verified()) {
                return failed(v.verification().firstBadBatch());
            }
            verified = 1;
            if (v.head().seq() > afterSeq) {
                Instant at = LedgerChain.stored(Instant.now());
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ledger_checkpoint "
                        + "(seq, batch_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setLong(1, v.head().seq());
                    insert.setString(2, v.head().hash());
                    insert.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    insert.setString(4, keys.keyId());
                    insert.setString(5, keys.sign(v.head().seq(), v.head().hash(), at));
                    insert.executeUpdate();
                }
                return v.verification();
            }
            return null;
        } catch (SQLException e) {
            LOG.warn("ledger checkpoint round failed: {}", e.getClass().getName());
            return null;
        }
    }

    private LedgerVerifier.Verification failed(LedgerVerifier.BadBatch bad) {
        verified = 0;
        LOG.error("ledger chain does not verify at batch {}: {}; no checkpoint is signed", bad.seq(), bad.reason());
        return new LedgerVerifier.Verification(null, null, 0, 0, 0, 0, false, bad);
    }

    @Override
    protected void scheduledRound() {
        checkpoint();
    }
}
