package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §6 and docs/design.md "Tamper evidence": the ledger's rows are chained by hash in batches, the
 * head is signed at checkpoints, and an auditor asks whether a range of days is complete and unaltered. Each
 * change made behind the hub's back (a row edited, deleted, inserted; a checkpoint forged) is named by the
 * first batch it touches, and the range verifies again once the change is undone.
 */
class LedgerChainIT extends HubIT {

    private static final String TODAY = LocalDate.now(BusinessTime.ZONE).toString();
    private static final String VERIFY = "/api/v1/admin/ledger/verification?from=" + TODAY + "&to=" + TODAY;

    @Autowired
    private LedgerIntegrity integrity;

    /** A lookup for a dossier of its own, and its ledger row's id and the batch that holds it. */
    private long[] lookupRowAndBatch() {
        String dossier = "000.00.12.H12-LC-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(get("/api/v1/citizens/074085000123?fullName=Nguy%E1%BB%85n%20V%C4%83n%20An&birthDate=1985-03-14",
                PROVINCIAL_KEY, "X-Dossier-Id", dossier, "X-Procedure-Code", "1.001612", "X-Officer-Id", "CB-0042",
                "X-Agency-Code", "000.00.12.H12").status()).isEqualTo(200);
        long id = ledgerTables().queryForObject("SELECT id FROM lookup_ledger WHERE dossier_id = ?", Long.class, dossier);
        long seq = jdbc.queryForObject("SELECT seq FROM ledger_batch WHERE first_row_id <= ? AND last_row_id >= ?",
                Long.class, id, id);
        return new long[] {id, seq};
    }

    private JsonNode verification(String key) {
        Response answer = get(VERIFY, key);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void anAuditorAsksWhetherTodaysLedgerIsUnalteredAndTheQuestionIsAudited() {
        lookupRowAndBatch();
        lookupRowAndBatch();
        String correlationId = "ledger-verify-" + UUID.randomUUID();

        Response answer = get(VERIFY, AUDITOR_KEY, "X-Correlation-Id", correlationId);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode v = answer.json();
        assertThat(v.path("verified").asBoolean()).as(answer.body()).isTrue();
        assertThat(v.path("firstBadBatch").isNull()).isTrue();
        assertThat(v.path("from").asText()).isEqualTo(TODAY);
        assertThat(v.path("to").asText()).isEqualTo(TODAY);
        assertThat(v.path("batches").asLong()).isPositive();
        assertThat(v.path("rows").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("action").asText()).isEqualTo("ledger.verification");
        assertThat(event.path("outcome").asText()).isEqualTo("verified");
        assertThat(event.path("actor").asText()).isEqualTo("inspectorate");
    }

    @Test
    void aClientMayNotAskAndDatesThatAreNotARangeAreRefused() {
        assertProblem(get(VERIFY, PROVINCIAL_KEY), 403, "client.forbidden");
        assertProblem(get("/api/v1/admin/ledger/verification?from=2026-13-01", ADMIN_KEY), 400, "client.invalid_request");
        assertProblem(get("/api/v1/admin/ledger/verification?from=2026-11-02&to=2026-11-01", ADMIN_KEY), 400,
                "client.invalid_request");
    }

    @Test
    void aRowEditedInTheDatabaseIsNamedByItsBatch() {
        long[] row = lookupRowAndBatch();
        jdbc.update("UPDATE lookup_ledger SET outcome = 'NOT_FOUND' WHERE id = ?", row[0]);
        try {
            JsonNode v = verification(ADMIN_KEY);

            assertThat(v.path("verified").asBoolean()).isFalse();
            assertThat(v.path("firstBadBatch").path("seq").asLong()).isEqualTo(row[1]);
            assertThat(v.path("firstBadBatch").path("reason").asText()).isEqualTo("rows-altered");
            assertThat(v.path("firstBadBatch").path("firstRowId").asLong()).isLessThanOrEqualTo(row[0]);
        } finally {
            jdbc.update("UPDATE lookup_ledger SET outcome = 'FOUND' WHERE id = ?", row[0]);
        }
        assertThat(verification(ADMIN_KEY).path("verified").asBoolean()).isTrue();
    }

    @Test
    void aRowDeletedFromTheDatabaseIsNamedByItsBatch() {
        long[] row = lookupRowAndBatch();
        Map<String, Object> kept = jdbc.queryForMap("SELECT * FROM lookup_ledger WHERE id = ?", row[0]);
        jdbc.update("DELETE FROM lookup_ledger WHERE id = ?", row[0]);
        try {
            JsonNode bad = verification(AUDITOR_KEY).path("firstBadBatch");

            assertThat(bad.path("seq").asLong()).isEqualTo(row[1]);
            assertThat(bad.path("reason").asText()).isEqualTo("rows-deleted");
            assertThat(bad.path("rowsFound").asInt()).isEqualTo(bad.path("rowCount").asInt() - 1);
        } finally {
            List<String> columns = List.copyOf(kept.keySet());
            jdbc.update("INSERT INTO lookup_ledger (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ")",
                    columns.stream().map(kept::get).toArray());
        }
        assertThat(verification(AUDITOR_KEY).path("verified").asBoolean()).isTrue();
    }

    @Test
    void aRowInsertedBehindTheHubsBackIsNamedAfterTheHeadThenBeforeTheNextBatch() {
        lookupRowAndBatch();
        jdbc.update("INSERT INTO lookup_ledger (occurred_at, business_date, client_id, source, subject_hash, outcome, "
                + "duration_ms, correlation_id) VALUES (?, ?, 'provincial-ap-system', 'citizens', ?, 'FOUND', 5, ?)",
                OffsetDateTime.now(), LocalDate.now(BusinessTime.ZONE), "f".repeat(64), "forged-" + UUID.randomUUID());
        try {
            JsonNode bad = verification(ADMIN_KEY).path("firstBadBatch");
            assertThat(bad.path("reason").asText()).isEqualTo("rows-after-head");

            long[] next = lookupRowAndBatch();
            bad = verification(ADMIN_KEY).path("firstBadBatch");
            assertThat(bad.path("reason").asText()).isEqualTo("rows-outside-batches");
            assertThat(bad.path("seq").asLong()).isEqualTo(next[1]);
            assertThat(bad.path("firstStrayRowId").asLong()).isLessThan(next[0]);
        } finally {
            jdbc.update("DELETE FROM lookup_ledger WHERE correlation_id LIKE 'forged-%'");
        }
        assertThat(verification(ADMIN_KEY).path("verified").asBoolean()).isTrue();
    }

    @Test
    void checkpointsSignTheVerifiedHeadAndARoundThatFindsAChangeSignsNothing() {
        lookupRowAndBatch();
        long head = jdbc.queryForObject("SELECT seq FROM ledger_chain", Long.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            integrity.checkpoint();
            return jdbc.queryForObject("SELECT MAX(seq) FROM ledger_checkpoint", Long.class) >= head;
        });
        Map<String, Object> checkpoint = jdbc.queryForMap("SELECT seq, batch_hash, signed_at, key_id, signature "
                + "FROM ledger_checkpoint ORDER BY seq DESC, id DESC FETCH FIRST 1 ROWS ONLY");
        LedgerSigning auditorsKeys = LedgerSigning.verifying(LedgerChainDatabaseTest.PUBLIC_KEY, List.of());
        assertThat(auditorsKeys.verify((String) checkpoint.get("key_id"), ((Number) checkpoint.get("seq")).longValue(),
                ((String) checkpoint.get("batch_hash")).trim(),
                jdbc.queryForObject("SELECT signed_at FROM ledger_checkpoint ORDER BY seq DESC, id DESC FETCH FIRST 1 "
                        + "ROWS ONLY", OffsetDateTime.class).toInstant(), (String) checkpoint.get("signature")))
                .as("the checkpoint verifies with the public key alone").isTrue();
        assertThat(meters.get("hub.ledger.chain.verified").gauge().value()).isEqualTo(1.0);

        // a change after the last checkpoint: the next round finds it and signs nothing
        long[] row = lookupRowAndBatch();
        jdbc.update("UPDATE lookup_ledger SET duration_ms = duration_ms + 1 WHERE id = ?", row[0]);
        try {
            LedgerVerifier.Verification[] round = new LedgerVerifier.Verification[1];
            await().atMost(Duration.ofSeconds(20)).until(() -> (round[0] = integrity.checkpoint()) != null);
            assertThat(round[0].verified()).isFalse();
            assertThat(round[0].firstBadBatch().seq()).isEqualTo(row[1]);
            assertThat(meters.get("hub.ledger.chain.verified").gauge().value()).isZero();
            assertThat(jdbc.queryForObject("SELECT MAX(seq) FROM ledger_checkpoint", Long.class)).isLessThan(row[1]);
        } finally {
            jdbc.update("UPDATE lookup_ledger SET duration_ms = duration_ms - 1 WHERE id = ?", row[0]);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            integrity.checkpoint();
            return jdbc.queryForObject("SELECT MAX(seq) FROM ledger_checkpoint", Long.class) >= row[1];
        });
        assertThat(meters.get("hub.ledger.chain.verified").gauge().value()).isEqualTo(1.0);

        // a checkpoint's hash replaced: its signature no longer verifies
        long signed = jdbc.queryForObject("SELECT MAX(id) FROM ledger_checkpoint", Long.class);
        String hash = jdbc.queryForObject("SELECT batch_hash FROM ledger_checkpoint WHERE id = ?", String.class, signed);
        jdbc.update("UPDATE ledger_checkpoint SET batch_hash = ? WHERE id = ?", "0".repeat(64), signed);
        try {
            JsonNode bad = verification(ADMIN_KEY).path("firstBadBatch");
            assertThat(bad.path("reason").asText()).isEqualTo("checkpoint-signature");
        } finally {
            jdbc.update("UPDATE ledger_checkpoint SET batch_hash = ? WHERE id = ?", hash, signed);
        }
        assertThat(verification(ADMIN_KEY).path("verified").asBoolean()).isTrue();
    }
}
