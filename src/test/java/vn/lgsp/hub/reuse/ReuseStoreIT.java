package vn.lgsp.hub.reuse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.cluster.Purges;
import vn.lgsp.hub.sources.settings.SourceProperties.ReuseMode;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.support.HubIT;

/** The reuse store (issue: per-source prefer-copy / fallback / off, TTL, encrypted copies). */
class ReuseStoreIT extends HubIT {

    private static final String CITIZEN = "/api/v1/citizens/074085000123";

    @Autowired
    private Purges purges;

    private void mode(String source, ReuseMode mode, long ttlSeconds) {
        SourceProperties.Source s = sources.settings(source);
        sources.apply(source, s.withReuse(mode, ttlSeconds));
    }

    private void citizensDbFails() {
        MOCKS.stubFor(WireMock.any(urlPathMatching("/dancuquocgia/.*")).atPriority(0)
                .willReturn(aResponse().withStatus(500)));
    }

    @Test
    void fallbackServesAValidCopyWhenTheSourceFails() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        Response fresh = lookup(CITIZEN);
        assertThat(fresh.header("X-Hub-Served-From")).isEqualTo("source");
        citizensDbFails();

        Response fromCopy = lookup(CITIZEN);

        assertThat(fromCopy.status()).isEqualTo(200);
        assertThat(fromCopy.header("X-Hub-Served-From")).isEqualTo("reuse-store");
        assertThat(fromCopy.json().path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        // the copy says when the data was retrieved from the source
        assertThat(fromCopy.json().path("retrievedAt")).isEqualTo(fresh.json().path("retrievedAt"));
    }

    @Test
    void fallbackStillCallsTheSourceWhenItIsUp() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        lookup(CITIZEN);

        Response second = lookup(CITIZEN);

        assertThat(second.header("X-Hub-Served-From")).isEqualTo("source");
        MOCKS.verify(2, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void preferCopyAnswersFromAValidCopyWithoutCallingTheSource() {
        mode("enterprises", ReuseMode.PREFER_COPY, 3600);
        assertThat(lookup("/api/v1/enterprises/0100233488").header("X-Hub-Served-From")).isEqualTo("source");
        MOCKS.resetRequests();

        Response second = lookup("/api/v1/enterprises/0100233488");

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("X-Hub-Served-From")).isEqualTo("reuse-store");
        assertThat(second.json().path("enterpriseCode").asText()).isEqualTo("0100233488");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void anExpiredCopyIsNeverServed() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        lookup(CITIZEN);
        ledgerTables().update("UPDATE reuse_copy SET expires_at = stored_at WHERE source = 'citizens'");
        citizensDbFails();

        Response response = lookup(CITIZEN);

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("source.bad_response");
    }

    @Test
    void anExpiredCopyIsNotPreferredEither() {
        mode("enterprises", ReuseMode.PREFER_COPY, 3600);
        lookup("/api/v1/enterprises/0100233488");
        ledgerTables().update("UPDATE reuse_copy SET expires_at = stored_at WHERE source = 'enterprises'");

        Response response = lookup("/api/v1/enterprises/0100233488");

        assertThat(response.header("X-Hub-Served-From")).isEqualTo("source");
    }

    @Test
    void anExpiredCopyIsPurgedAndAValidOneKept() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        mode("enterprises", ReuseMode.PREFER_COPY, 3600);
        lookup(CITIZEN);
        lookup("/api/v1/enterprises/0100233488");
        ledgerTables().update("UPDATE reuse_copy SET expires_at = stored_at WHERE source = 'citizens'");

        purges.round();

        assertThat(ledgerTables().queryForList("SELECT source FROM reuse_copy", String.class)).containsExactly("enterprises");
        assertThat(meters.get("hub.purged.rows").tag("table", "reuse_copy").counter().count()).isPositive();
    }

    @Test
    void offKeepsNoCopyAndServesNone() {
        mode("citizens", ReuseMode.OFF, 3600);
        lookup(CITIZEN);
        assertThat(ledgerTables().queryForObject("SELECT COUNT(*) FROM reuse_copy", Long.class)).isZero();
        citizensDbFails();

        assertThat(lookup(CITIZEN).status()).isEqualTo(502);
    }

    @Test
    void aNotFoundAnswerIsNotReplacedByACopy() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        lookup(CITIZEN);

        assertThat(lookup("/api/v1/citizens/074085999999").status()).isEqualTo(404);
    }

    @Test
    void copiesAreEncryptedAtRest() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        lookup(CITIZEN);

        List<byte[]> payloads = ledgerTables().queryForList("SELECT payload FROM reuse_copy", byte[].class);
        assertThat(payloads).hasSize(1);
        String stored = new String(payloads.get(0), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain("074085000123").doesNotContain("fullName")
                .doesNotContain(new String("Nguyễn".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        assertThat(ledgerTables().queryForList("SELECT subject_hash FROM reuse_copy", String.class).get(0)).matches("[0-9a-f]{64}");
    }

    @Test
    void aCopyServedIsRecordedInTheLedgerAsFoundFromTheReuseStore() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        lookup(CITIZEN);
        citizensDbFails();
        String id = "reuse-ledger-" + System.nanoTime();

        get(CITIZEN, PROVINCIAL_KEY, "X-Dossier-Id", "REUSE-1", "X-Procedure-Code", "1.001612", "X-Correlation-Id", id);

        assertThat(ledgerTables().queryForMap("SELECT outcome, served_from FROM lookup_ledger WHERE correlation_id = ?", id))
                .containsEntry("outcome", "FOUND").containsEntry("served_from", "reuse-store");
    }

    @Test
    void theSameAnswerAgainLeavesTheStoredCopyAsItIs() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        lookup(CITIZEN);
        byte[] stored = ledgerTables().queryForObject("SELECT payload FROM reuse_copy", byte[].class);

        assertThat(lookup(CITIZEN).header("X-Hub-Served-From")).isEqualTo("source");

        assertThat(ledgerTables().queryForObject("SELECT payload FROM reuse_copy", byte[].class))
                .as("not encrypted and written again").isEqualTo(stored);
    }

    @Test
    void aCopyNearItsExpiryIsRenewedByTheNextAnswer() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        lookup(CITIZEN);
        // less than half of the TTL left
        ledgerTables().update("UPDATE reuse_copy SET expires_at = CURRENT_TIMESTAMP + INTERVAL '10' MINUTE");
        byte[] stored = ledgerTables().queryForObject("SELECT payload FROM reuse_copy", byte[].class);

        lookup(CITIZEN);

        assertThat(ledgerTables().queryForObject("SELECT payload FROM reuse_copy", byte[].class)).isNotEqualTo(stored);
        assertThat(ledgerTables().queryForObject("SELECT COUNT(*) FROM reuse_copy WHERE expires_at > CURRENT_TIMESTAMP "
                + "+ INTERVAL '50' MINUTE", Long.class)).as("a full TTL again").isEqualTo(1);
    }

    @Test
    void aChangedAnswerReplacesTheStoredCopy() {
        mode("citizens", ReuseMode.FALLBACK, 3600);
        lookup(CITIZEN);
        ledgerTables().update("UPDATE reuse_copy SET answer_digest = ?", "0".repeat(64));
        byte[] stored = ledgerTables().queryForObject("SELECT payload FROM reuse_copy", byte[].class);

        lookup(CITIZEN);

        assertThat(ledgerTables().queryForObject("SELECT payload FROM reuse_copy", byte[].class)).isNotEqualTo(stored);
        assertThat(ledgerTables().queryForObject("SELECT answer_digest FROM reuse_copy", String.class)).isNotEqualTo("0".repeat(64));
    }
}
