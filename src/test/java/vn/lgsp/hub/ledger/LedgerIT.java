package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/design.md "The reuse ledger": one row per lookup attempt by a known client, whatever its outcome,
 * attributable (client, officer, dossier, procedure, agency) and without the subject in clear.
 */
class LedgerIT extends HubIT {

    private Map<String, Object> rowOf(String correlationId) {
        List<Map<String, Object>> rows = ledgerTables().queryForList(
                "SELECT * FROM lookup_ledger WHERE correlation_id = ?", correlationId);
        assertThat(rows).as("ledger rows for " + correlationId).hasSize(1);
        return rows.get(0);
    }

    private Response lookupAs(String path, String correlationId, String... extra) {
        String[] headers = new String[8 + extra.length];
        System.arraycopy(new String[] {"X-Dossier-Id", "LEDGER-D1", "X-Procedure-Code", "2.000488",
                "X-Correlation-Id", correlationId, "X-Officer-Id", "CB-042"}, 0, headers, 0, 8);
        System.arraycopy(extra, 0, headers, 8, extra.length);
        return get(path, PROVINCIAL_KEY, headers);
    }

    @Test
    void aFoundLookupIsRecordedWithWhoAskedAndWhyButNotTheSubject() {
        String id = "ledger-found-" + System.nanoTime();
        assertThat(lookupAs("/api/v1/citizens/074085000123", id, "X-Agency-Code", "000.00.12.H12").status())
                .isEqualTo(200);

        Map<String, Object> row = rowOf(id);
        assertThat(row).containsEntry("client_id", "provincial-ap-system")
                .containsEntry("dossier_id", "LEDGER-D1")
                .containsEntry("procedure_code", "2.000488")
                .containsEntry("officer_id", "CB-042")
                .containsEntry("agency_code", "000.00.12.H12")
                .containsEntry("source", "citizens")
                .containsEntry("outcome", "FOUND")
                .containsEntry("served_from", "source");
        assertThat((String) row.get("subject_hash")).matches("[0-9a-f]{64}");
        assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("074085000123"));
        assertThat(((Number) row.get("duration_ms")).intValue()).isGreaterThanOrEqualTo(0);
        assertThat(row.get("occurred_at")).isNotNull();
    }

    @Test
    void theSameSubjectHashesTheSameAndOtherSubjectsDifferently() {
        String a = "ledger-hash-a-" + System.nanoTime();
        String b = "ledger-hash-b-" + System.nanoTime();
        String c = "ledger-hash-c-" + System.nanoTime();
        lookupAs("/api/v1/citizens/074085000123", a);
        lookupAs("/api/v1/citizens/074085000123", b);
        lookupAs("/api/v1/citizens/079190004567", c);

        assertThat(rowOf(a).get("subject_hash")).isEqualTo(rowOf(b).get("subject_hash"))
                .isNotEqualTo(rowOf(c).get("subject_hash"));
    }

    @Test
    void notFoundIsRecorded() {
        String id = "ledger-nf-" + System.nanoTime();
        assertThat(lookupAs("/api/v1/enterprises/3700012341", id).status()).isEqualTo(404);

        assertThat(rowOf(id)).containsEntry("outcome", "NOT_FOUND").containsEntry("source", "enterprises");
        assertThat(rowOf(id).get("served_from")).isNull();
    }

    @Test
    void invalidIdentifierIsRecordedAsInvalid() {
        String id = "ledger-invalid-" + System.nanoTime();
        assertThat(lookupAs("/api/v1/citizens/074299000123", id).status()).isEqualTo(400);

        Map<String, Object> row = rowOf(id);
        assertThat(row).containsEntry("outcome", "INVALID").containsEntry("dossier_id", "LEDGER-D1");
        assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("074299000123"));
    }

    @Test
    void missingContextHeadersAreRecordedAsInvalidWithWhatWasValid() {
        String id = "ledger-noctx-" + System.nanoTime();
        Response response = get("/api/v1/land-parcels/25747/12/345", PROVINCIAL_KEY, "X-Correlation-Id", id,
                "X-Procedure-Code", "1.004227");
        assertThat(response.status()).isEqualTo(400);

        Map<String, Object> row = rowOf(id);
        assertThat(row).containsEntry("outcome", "INVALID").containsEntry("procedure_code", "1.004227");
        assertThat(row.get("dossier_id")).isNull();
    }

    @Test
    void upstreamFailureIsRecordedAsFailed() {
        String id = "ledger-failed-" + System.nanoTime();
        assertThat(lookupAs("/api/v1/citizens/074085000500", id).status()).isEqualTo(502);

        assertThat(rowOf(id)).containsEntry("outcome", "FAILED");
    }

    @Test
    void timeoutIsRecordedAsTimeout() {
        String id = "ledger-timeout-" + System.nanoTime();
        assertThat(lookupAs("/api/v1/land-parcels/25747/99/504", id).status()).isEqualTo(504);

        assertThat(rowOf(id)).containsEntry("outcome", "TIMEOUT");
    }

    @Test
    void openCircuitIsRecordedAsUnavailable() {
        sources.breaker("enterprises").transitionToOpenState();
        String id = "ledger-open-" + System.nanoTime();

        assertThat(lookupAs("/api/v1/enterprises/0100233488", id).status()).isEqualTo(503);
        assertThat(rowOf(id)).containsEntry("outcome", "UNAVAILABLE");
    }

    @Test
    void anUnknownClientLeavesNoRow() {
        String id = "ledger-anon-" + System.nanoTime();
        assertThat(get("/api/v1/citizens/074085000123", "nobody", "X-Correlation-Id", id, "X-Dossier-Id", "D",
                "X-Procedure-Code", "1.001612").status()).isEqualTo(401);

        assertThat(ledgerTables().queryForObject("SELECT COUNT(*) FROM lookup_ledger WHERE correlation_id = ?", Long.class, id))
                .isZero();
    }

    @Test
    void aSuccessfulLookupMarksTheDossierAsHavingReusedThatSource() {
        String dossier = "LEDGER-DS-" + System.nanoTime();
        get("/api/v1/enterprises/0100233488", PROVINCIAL_KEY, "X-Dossier-Id", dossier, "X-Procedure-Code", "1.001612");
        get("/api/v1/citizens/074085999999", PROVINCIAL_KEY, "X-Dossier-Id", dossier, "X-Procedure-Code", "1.001612");

        assertThat(ledgerTables().queryForList("SELECT source FROM dossier_source WHERE dossier_id = ?", String.class, dossier))
                .containsExactly("enterprises");
    }

    @Test
    void eachLookupAddsToTheDailyCountersTheReportReads() {
        String agency = "LEDGER." + System.nanoTime();
        lookupAs("/api/v1/citizens/074085000123", "ledger-daily-a-" + System.nanoTime(), "X-Agency-Code", agency);
        lookupAs("/api/v1/citizens/074085000123", "ledger-daily-b-" + System.nanoTime(), "X-Agency-Code", agency);
        lookupAs("/api/v1/citizens/074085999999", "ledger-daily-c-" + System.nanoTime(), "X-Agency-Code", agency);

        List<Map<String, Object>> counters = ledgerTables().queryForList("SELECT source, outcome, served_from, lookups "
                + "FROM lookup_daily WHERE dimension = 'agency' AND dimension_key = ? ORDER BY outcome", agency);
        assertThat(counters).hasSize(2);
        assertThat(counters.get(0)).containsEntry("source", "citizens").containsEntry("outcome", "FOUND")
                .containsEntry("served_from", "source");
        assertThat(((Number) counters.get(0).get("lookups")).longValue()).isEqualTo(2);
        assertThat(counters.get(1)).containsEntry("outcome", "NOT_FOUND").containsEntry("served_from", "");
        assertThat(((Number) counters.get(1).get("lookups")).longValue()).isEqualTo(1);
    }
}
