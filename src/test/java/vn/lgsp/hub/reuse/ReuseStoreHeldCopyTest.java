package vn.lgsp.hub.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.DataProtectionProperties;
import vn.lgsp.hub.support.MigratedH2;

/**
 * A copy on its way to the store (in the ledger's journal, not yet imported) is served as a stored one
 * would be, from the lookup right after the one that fetched it.
 */
class ReuseStoreHeldCopyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    private static final String HASH = "c".repeat(64);

    private final DataProtection protection = new DataProtection(new DataProtectionProperties(
            Base64.getEncoder().encodeToString(new byte[32]), "a-development-secret-of-32-characters"));
    private final ReuseStore store = new ReuseStore(new JdbcTemplate(MigratedH2.create("reuse")), protection,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private ReuseCopy copy(String json, Instant expiresAt) {
        DataProtection.Sealed sealed = protection.encrypt(json.getBytes(StandardCharsets.UTF_8),
                ReuseStore.associatedData("citizens", HASH));
        return new ReuseCopy("citizens", HASH, sealed.ciphertext(), sealed.keyVersion(), "digest-" + json.length(), NOW,
                expiresAt, NOW);
    }

    private String served() {
        return store.validCopy("citizens", java.util.List.of(HASH)).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void aHeldCopyIsServedUntilTheLedgerHasWrittenIt() {
        ReuseCopy copy = copy("{\"fullName\":\"A\"}", NOW.plusSeconds(60));
        store.held(copy);
        assertThat(served()).isEqualTo("{\"fullName\":\"A\"}");

        store.written(copy);
        assertThat(served()).as("written, it is the database's copy that answers (none here)").isNull();
    }

    @Test
    void aHeldCopyPastItsExpiryIsNotServed() {
        store.held(copy("{\"fullName\":\"A\"}", NOW));
        assertThat(served()).isNull();
    }

    @Test
    void aNewerHeldCopyStaysWhenAnOlderOneIsWritten() {
        ReuseCopy older = copy("{\"fullName\":\"A\"}", NOW.plusSeconds(60));
        ReuseCopy newer = copy("{\"fullName\":\"B\"}", NOW.plusSeconds(60));
        store.held(older);
        store.held(newer);
        store.written(older);
        assertThat(served()).isEqualTo("{\"fullName\":\"B\"}");
    }
}
