package vn.lgsp.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.DataProtectionProperties;
import vn.lgsp.hub.common.SealedTable;
import vn.lgsp.hub.reuse.ReuseStore;
import vn.lgsp.hub.support.MigratedH2;

/**
 * The re-encryption job's pages: keys of one and two columns paged through without a row missed or done twice,
 * large values a few at a time, rows already under the current key left alone, and a row that cannot be opened
 * counted and left where it is.
 */
class ReencryptionTest {

    private static final String SECRET = "a-subject-hmac-secret-of-32-characters";
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 1, 3, 0, 0, 0, ZoneOffset.UTC);

    private static String key(int seed) {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) seed);
        return Base64.getEncoder().encodeToString(raw);
    }

    private final DataSource h2 = MigratedH2.create("reencryption");
    private final JdbcTemplate jdbc = new JdbcTemplate(h2);
    private final DataProtection one = new DataProtection(new DataProtectionProperties(key(1), SECRET));
    private final DataProtectionProperties both = new DataProtectionProperties(key(1), SECRET,
            Map.of(2, new DataProtectionProperties.Key(key(2), SECRET + "-2")), null,
            new DataProtectionProperties.ReEncryption(7, 600_000), null);
    private final DataProtection two = new DataProtection(both);
    private final ReuseStore store = new ReuseStore(jdbc, two, Clock.systemUTC());
    /** The outbox's snapshots, keyed by dossier and version, as the dossiers package declares them. */
    private final SealedTable.Owner snapshots = () -> List.of(new SealedTable("dossier_sync", List.of("dossier_id",
            "version"), List.of(new SealedTable.Column("snapshot", k -> "dossier_sync:" + k.get(0) + ":" + k.get(1)))));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ClusterLocks locks = new ClusterLocks(jdbc, new DataSourceTransactionManager(h2));
    private final Reencryption job = new Reencryption(List.of(store, snapshots), two, jdbc, locks, both, meters);

    {
        // as the job's start does
        locks.declare(Reencryption.LOCK);
    }

    private String copyData(String source, String hash) {
        return store.sealedTables().get(0).columns().get(0).associatedData().apply(List.of(source, hash));
    }

    private void copy(String source, String hash, byte[] plain, DataProtection under) {
        DataProtection.Sealed sealed = under.encrypt(plain, copyData(source, hash));
        jdbc.update("INSERT INTO reuse_copy (source, subject_hash, payload, key_version, stored_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", source, hash, sealed.ciphertext(), sealed.keyVersion(), NOW, NOW);
    }

    private void snapshot(String dossierId, int version, DataProtection under) {
        DataProtection.Sealed sealed = under.encrypt(("{\"v\":" + version + "}").getBytes(StandardCharsets.UTF_8),
                "dossier_sync:" + dossierId + ":" + version);
        jdbc.update("INSERT INTO dossier_sync (dossier_id, version, snapshot, key_version, state, created_at) "
                + "VALUES (?, ?, ?, ?, 'DELIVERED', ?)", dossierId, version, sealed.ciphertext(), sealed.keyVersion(), NOW);
    }

    private static String hash(int i) {
        return String.format("%064x", i);
    }

    @Test
    void everyRowUnderAnOlderKeyIsMovedOnceAndStillOpens() {
        for (int i = 0; i < 60; i++) {
            copy(i % 3 == 0 ? "citizens" : i % 3 == 1 ? "enterprises" : "land", hash(i / 3),
                    ("copy " + i).getBytes(StandardCharsets.UTF_8), i % 10 == 0 ? two : one);
        }
        for (int d = 0; d < 9; d++) {
            for (int v = 1; v <= 4; v++) {
                snapshot("D-" + d, v, v == 4 ? two : one);
            }
        }

        long moved = job.round();

        assertThat(moved).as("54 copies and 27 snapshots under version 1").isEqualTo(54 + 27);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reuse_copy WHERE key_version = 2", Long.class)).isEqualTo(60);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dossier_sync WHERE key_version = 2", Long.class)).isEqualTo(36);
        jdbc.query("SELECT source, subject_hash, payload FROM reuse_copy", rs -> {
            assertThat(new String(two.decrypt(rs.getBytes(3), 2, copyData(rs.getString(1), rs.getString(2))),
                    StandardCharsets.UTF_8)).startsWith("copy ");
        });
        jdbc.query("SELECT dossier_id, version, snapshot FROM dossier_sync", rs -> {
            assertThat(new String(two.decrypt(rs.getBytes(3), 2, "dossier_sync:" + rs.getString(1) + ":" + rs.getInt(2)),
                    StandardCharsets.UTF_8)).isEqualTo("{\"v\":" + rs.getInt(2) + "}");
        });
        assertThat(meters.get("hub.reencryption.rows.left").tag("table", "reuse_copy").gauge().value()).isZero();
        assertThat(meters.get("hub.reencryption.rows").tag("table", "dossier_sync").tag("outcome", "resealed")
                .counter().count()).isEqualTo(27);
        assertThat(job.round()).as("nothing left").isZero();
    }

    @Test
    void largeValuesAreMovedAFewAtATime() {
        byte[] large = new byte[3 * 1024 * 1024];
        for (int i = 0; i < 3; i++) {
            large[0] = (byte) i;
            copy("citizens", hash(i), large, one);
        }

        assertThat(job.round()).isEqualTo(3);

        assertThat(two.decrypt(jdbc.queryForObject("SELECT payload FROM reuse_copy WHERE subject_hash = ?", byte[].class,
                hash(2)), 2, copyData("citizens", hash(2)))).hasSize(large.length).startsWith((byte) 2);
    }

    @Test
    void aRowThatCannotBeOpenedIsCountedAndLeftWhereItIs() {
        copy("citizens", hash(1), "fine".getBytes(StandardCharsets.UTF_8), one);
        jdbc.update("INSERT INTO reuse_copy (source, subject_hash, payload, key_version, stored_at, expires_at) "
                + "VALUES ('citizens', ?, ?, 1, ?, ?)", hash(2), new byte[40], NOW, NOW);
        copy("citizens", hash(3), "fine too".getBytes(StandardCharsets.UTF_8), one);

        assertThat(job.round()).isEqualTo(2);

        assertThat(jdbc.queryForList("SELECT subject_hash FROM reuse_copy WHERE key_version = 1", String.class))
                .containsExactly(hash(2));
        assertThat(meters.get("hub.reencryption.rows").tag("table", "reuse_copy").tag("outcome", "unreadable")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("hub.reencryption.rows.left").tag("table", "reuse_copy").gauge().value()).isEqualTo(1);
    }
}
