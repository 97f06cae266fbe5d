package vn.lgsp.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.ledger.LedgerEntry;
import vn.lgsp.hub.ledger.LedgerWriter;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §5 over a known data set received in March 2024:
 * <pre>
 * dossier agency  procedure received (+07:00)   declared observed (source)    synced
 * RPT-D1  RPT.A1  1.000001  2024-03-05 09:00    yes      citizens             yes (the others: not)
 * RPT-D2  RPT.A1  2.000002  2024-03-05 10:00    yes      -
 * RPT-D3  RPT.A2  1.000001  2024-03-06 09:00    no       enterprises
 * RPT-D4  RPT.A2  1.000001  2024-03-07 09:00    no       - (citizens not found)
 * RPT-D5  RPT.A2  2.000002  2024-03-07 10:00    yes      land
 * RPT-D6  RPT.A2  1.000001  2024-03-31 23:30    no       -
 * RPT-D7  RPT.A2  1.000001  2024-04-01 00:30    no       -   (April in Asia/Ho_Chi_Minh, March in UTC)
 * </pre>
 * and ledger rows dated 2024-03-05 for the lookups block. The filters ({@code agency=}, {@code procedure=}) are
 * tested over a data set of their own, in May 2023 ({@link #seedMay2023}).
 */
class ReuseReportIT extends HubIT {

    private static final String FIXTURE_IDS = "('RPT-D1', 'RPT-D2', 'RPT-D3', 'RPT-D4', 'RPT-D5', 'RPT-D6', 'RPT-D7')";
    private static final String MARCH = "from=2024-03-01&to=2024-03-31";

    @BeforeEach
    void knownDataSet() {
        dossier("RPT-D1", "RPT.A1", "1.000001", "2024-03-05T09:00:00+07:00", true);
        dossier("RPT-D2", "RPT.A1", "2.000002", "2024-03-05T10:00:00+07:00", true);
        dossier("RPT-D3", "RPT.A2", "1.000001", "2024-03-06T09:00:00+07:00", false);
        dossier("RPT-D4", "RPT.A2", "1.000001", "2024-03-07T09:00:00+07:00", false);
        dossier("RPT-D5", "RPT.A2", "2.000002", "2024-03-07T10:00:00+07:00", true);
        dossier("RPT-D6", "RPT.A2", "1.000001", "2024-03-31T23:30:00+07:00", false);
        dossier("RPT-D7", "RPT.A2", "1.000001", "2024-04-01T00:30:00+07:00", false);
        assertThat(lookupFor("RPT-D1", "/api/v1/citizens/074085000123").status()).isEqualTo(200);
        assertThat(lookupFor("RPT-D3", "/api/v1/enterprises/0100233488").status()).isEqualTo(200);
        assertThat(lookupFor("RPT-D4", "/api/v1/citizens/074085999999").status()).isEqualTo(404);
        assertThat(lookupFor("RPT-D5", "/api/v1/land-parcels/25747/12/345").status()).isEqualTo(200);
        // once the portal sync has settled, only RPT-D1 counts as synced
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM dossier "
                + "WHERE dossier_id IN " + FIXTURE_IDS + " AND sync_state = 'SYNCED'", Long.class) == 7);
        jdbc.update("UPDATE dossier SET sync_state = 'PENDING' WHERE dossier_id IN " + FIXTURE_IDS
                + " AND dossier_id <> 'RPT-D1'");

        // the ledger's rows are never deleted (that would break its hash chain): reports read the counters
        ledgerTables().update("DELETE FROM lookup_daily WHERE business_date >= DATE '2024-03-01' AND business_date < DATE '2024-05-01'");
        ledgerTables().update("DELETE FROM lookup_daily_agency_procedure "
                + "WHERE business_date >= DATE '2024-03-01' AND business_date < DATE '2024-05-01'");
        ledger("citizens", "FOUND", "source", 2);
        ledger("citizens", "FOUND", "reuse-store", 1);
        ledger("citizens", "NOT_FOUND", null, 1);
        ledger("enterprises", "TIMEOUT", null, 1);
        ledger("land", "FAILED", null, 1);
        ledger("land", "INVALID", null, 1);
    }

    private void dossier(String id, String agency, String procedure, String receivedAt, boolean reused) {
        String body = """
                {"procedureCode": "%s", "agencyCode": "%s", "receivedAt": "%s", "channel": "ONLINE",
                 "status": "RECEIVED", "applicant": {"idType": "OTHER", "idNumber": "HC-%s"},
                 "components": [{"code": "TP1", "name": "Giấy tờ", "digitized": true, "reused": %s}]}
                """.formatted(procedure, agency, receivedAt, id, reused);
        Response response = putDossier(id, body, PROVINCIAL_KEY);
        assertThat(response.status()).isEqualTo(202);
    }

    private Response lookupFor(String dossierId, String path) {
        return get(path, PROVINCIAL_KEY, "X-Dossier-Id", dossierId, "X-Procedure-Code", "1.000001");
    }

    @Autowired
    private LedgerWriter ledger;

    private int fixture;

    private void ledger(String source, String outcome, String servedFrom, int times) {
        for (int i = 0; i < times; i++) {
            record(LocalDate.of(2024, 3, 5), null, "RPT-X", source, outcome, servedFrom);
        }
    }

    /** A lookup as the gateway hands it to the ledger writer, made at 10:00 on the given day. */
    private void record(LocalDate day, String agency, String dossierId, String source, String outcome,
                        String servedFrom) {
        record(day, agency, dossierId, "1.000001", source, outcome, servedFrom, "rpt-fixture-");
    }

    private void record(LocalDate day, String agency, String dossierId, String procedure, String source,
                        String outcome, String servedFrom, String correlationPrefix) {
        ledger.record(new LedgerEntry(day.atTime(10, 0).atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant(),
                "provincial-ap-system", agency, dossierId, procedure, null, source, "0".repeat(64), outcome,
                servedFrom, 5, correlationPrefix + fixture++), null);
    }

    private JsonNode report(String query) {
        Response response = get("/api/v1/reports/reuse?" + query, AUDITOR_KEY);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static Map<String, JsonNode> rowsByKey(JsonNode grouped) {
        Map<String, JsonNode> rows = new HashMap<>();
        grouped.path("rows").forEach(r -> rows.put(r.path("key").asText(), r));
        return rows;
    }

    @Test
    void theRangeFiguresFollowFromTheData() {
        JsonNode r = report(MARCH);

        assertThat(r.path("from").asText()).isEqualTo("2024-03-01");
        assertThat(r.path("to").asText()).isEqualTo("2024-03-31");
        assertThat(r.path("dossiersReceived").asLong()).isEqualTo(6);
        assertThat(r.path("dossiersWithDeclaredReuse").asLong()).isEqualTo(3);
        assertThat(r.path("dossiersWithObservedReuse").asLong()).isEqualTo(3);
        assertThat(r.path("dossiersWithReuse").asLong()).isEqualTo(4);
        assertThat(r.path("reuseRate").decimalValue()).isEqualByComparingTo("0.6667");
        // min(2, 2 x (4/6) / 0.8)
        assertThat(r.path("reuseScore766").decimalValue()).isEqualByComparingTo("1.6667");
        assertThat(r.path("citizenDataConnectedRate").decimalValue()).isEqualByComparingTo("0.1667");
        assertThat(r.path("syncedRate").decimalValue()).isEqualByComparingTo("0.1667");
        assertThat(r.path("mismatches").path("declaredNotObserved").asLong()).isEqualTo(1);
        assertThat(r.path("mismatches").path("observedNotDeclared").asLong()).isEqualTo(1);
    }

    @Test
    void lookupsAreCountedBySourceAndOutcome() {
        JsonNode lookups = report(MARCH).path("lookups");

        assertThat(lookups.path("citizens").path("total").asLong()).isEqualTo(4);
        assertThat(lookups.path("citizens").path("fromSource").asLong()).isEqualTo(2);
        assertThat(lookups.path("citizens").path("fromReuseStore").asLong()).isEqualTo(1);
        assertThat(lookups.path("citizens").path("notFound").asLong()).isEqualTo(1);
        assertThat(lookups.path("citizens").path("failed").asLong()).isZero();
        assertThat(lookups.path("enterprises").path("failed").asLong()).isEqualTo(1);
        assertThat(lookups.path("land").path("total").asLong()).isEqualTo(2);
        assertThat(lookups.path("land").path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void theScoreIsCappedAtTwoFromEightyPercent() {
        JsonNode allReused = report("from=2024-03-05&to=2024-03-05");

        assertThat(allReused.path("reuseRate").decimalValue()).isEqualByComparingTo("1");
        assertThat(allReused.path("reuseScore766").decimalValue()).isEqualByComparingTo("2");
    }

    @Test
    void datesAreBusinessDatesInHoChiMinhCity() {
        assertThat(report("from=2024-03-31&to=2024-03-31").path("dossiersReceived").asLong()).isEqualTo(1);
        assertThat(report("from=2024-04-01&to=2024-04-01").path("dossiersReceived").asLong()).isEqualTo(1);
    }

    @Test
    void anEmptyPeriodIsZerosNotNaN() {
        JsonNode r = report("from=2019-01-01&to=2019-01-31");

        assertThat(r.path("dossiersReceived").asLong()).isZero();
        assertThat(r.path("reuseRate").isNumber()).isTrue();
        assertThat(r.path("reuseRate").decimalValue()).isEqualByComparingTo("0");
        assertThat(r.path("reuseScore766").decimalValue()).isEqualByComparingTo("0");
        assertThat(r.path("syncedRate").decimalValue()).isEqualByComparingTo("0");
        assertThat(r.path("lookups").path("citizens").path("total").asLong()).isZero();
    }

    @Test
    void groupedByAgency() {
        JsonNode grouped = report(MARCH + "&groupBy=agency");
        Map<String, JsonNode> rows = rowsByKey(grouped);

        assertThat(grouped.path("groupBy").asText()).isEqualTo("agency");
        assertThat(rows.get("RPT.A1").path("dossiersReceived").asLong()).isEqualTo(2);
        assertThat(rows.get("RPT.A1").path("reuseRate").decimalValue()).isEqualByComparingTo("1");
        assertThat(rows.get("RPT.A2").path("dossiersReceived").asLong()).isEqualTo(4);
        assertThat(rows.get("RPT.A2").path("dossiersWithReuse").asLong()).isEqualTo(2);
        assertThat(rows.get("RPT.A2").path("reuseRate").decimalValue()).isEqualByComparingTo("0.5");
    }

    @Test
    void aLookupWithoutAgencyCountsUnderItsDossiersAgency() {
        // received in February, so that its reuse stays out of the March figures
        dossier("RPT-FEB-D1", "RPT.FEB", "1.000001", "2024-02-10T09:00:00+07:00", false);
        record(LocalDate.of(2024, 3, 6), null, "RPT-FEB-D1", "citizens", "FOUND", "source");
        record(LocalDate.of(2024, 3, 6), "RPT.A9", "RPT-FEB-D1", "citizens", "FOUND", "source");
        record(LocalDate.of(2024, 3, 6), null, "RPT-NOT-REGISTERED", "citizens", "NOT_FOUND", null);

        Map<String, JsonNode> rows = rowsByKey(report("from=2024-03-06&to=2024-03-06&groupBy=agency"));

        assertThat(rows.get("RPT.FEB").path("lookups").path("citizens").path("fromSource").asLong()).isEqualTo(1);
        assertThat(rows.get("RPT.A9").path("lookups").path("citizens").path("fromSource").asLong()).isEqualTo(1);
        assertThat(rows.get("unknown").path("lookups").path("citizens").path("notFound").asLong()).isEqualTo(1);
    }

    @Test
    void groupedByDay() {
        Map<String, JsonNode> rows = rowsByKey(report(MARCH + "&groupBy=day"));

        assertThat(rows.get("2024-03-05").path("dossiersReceived").asLong()).isEqualTo(2);
        assertThat(rows.get("2024-03-05").path("lookups").path("citizens").path("total").asLong()).isEqualTo(4);
        assertThat(rows.get("2024-03-07").path("dossiersReceived").asLong()).isEqualTo(2);
        assertThat(rows.get("2024-03-31").path("dossiersReceived").asLong()).isEqualTo(1);
        assertThat(rows).doesNotContainKey("2024-04-01");
    }

    @Test
    void groupedByIsoWeekASundayAndTheNextMondayAreInDifferentWeeks() {
        JsonNode grouped = report("from=2024-03-01&to=2024-04-01&groupBy=week");
        Map<String, JsonNode> rows = rowsByKey(grouped);

        assertThat(grouped.path("groupBy").asText()).isEqualTo("week");
        // Tuesday 5 to Thursday 7 March
        assertThat(rows.get("2024-W10").path("dossiersReceived").asLong()).isEqualTo(5);
        assertThat(rows.get("2024-W10").path("dossiersWithReuse").asLong()).isEqualTo(4);
        assertThat(rows.get("2024-W10").path("lookups").path("citizens").path("total").asLong()).isEqualTo(4);
        // Sunday 31 March, 23:30, and Monday 1 April, 00:30 (both in Asia/Ho_Chi_Minh)
        assertThat(rows.get("2024-W13").path("dossiersReceived").asLong()).isEqualTo(1);
        assertThat(rows.get("2024-W14").path("dossiersReceived").asLong()).isEqualTo(1);
        assertThat(rows.keySet()).containsExactly("2024-W10", "2024-W13", "2024-W14");
        assertThat(grouped.path("rows").get(0).path("key").asText()).isEqualTo("2024-W10");
    }

    @Test
    void groupedByMonth() {
        Map<String, JsonNode> rows = rowsByKey(report("from=2024-03-01&to=2024-04-30&groupBy=month"));

        assertThat(rows.keySet()).containsExactlyInAnyOrder("2024-03", "2024-04");
        assertThat(rows.get("2024-03").path("dossiersReceived").asLong()).isEqualTo(6);
        assertThat(rows.get("2024-03").path("reuseRate").decimalValue()).isEqualByComparingTo("0.6667");
        assertThat(rows.get("2024-04").path("dossiersReceived").asLong()).isEqualTo(1);
    }

    @Test
    void aGroupedReportCarriesTheRangesTotalAndItsWeeksAndMonthsWhenAsked() {
        JsonNode total = report(MARCH);
        JsonNode grouped = report(MARCH + "&groupBy=day&include=total,week,month");

        assertThat(grouped.path("rows").size()).isEqualTo(report(MARCH + "&groupBy=day").path("rows").size());
        // the range's figures, as the ungrouped report gives them
        assertThat(grouped.path("total")).isEqualTo(total);
        assertThat(grouped.path("weeks")).isEqualTo(report(MARCH + "&groupBy=week").path("rows"));
        assertThat(grouped.path("months")).isEqualTo(report(MARCH + "&groupBy=month").path("rows"));
        assertThat(grouped.path("months").get(0).path("key").asText()).isEqualTo("2024-03");
        // opt-in: without include, the grouped report is what it was
        assertThat(report(MARCH + "&groupBy=day").has("total")).isFalse();
        assertThat(report(MARCH + "&groupBy=day").has("weeks")).isFalse();
    }

    @Test
    void everyGroupingCarriesTheSameTotal() {
        JsonNode total = report(MARCH);
        for (String groupBy : new String[] {"agency", "procedure", "source", "day", "week", "month"}) {
            assertThat(report(MARCH + "&groupBy=" + groupBy + "&include=total").path("total")).as(groupBy)
                    .isEqualTo(total);
        }
    }

    @Test
    void csvGroupedByWeek() {
        Response response = get("/api/v1/reports/reuse.csv?from=2024-03-01&to=2024-04-01&groupBy=week", AUDITOR_KEY);

        assertThat(response.status()).isEqualTo(200);
        String[] lines = response.body().split("\r\n");
        assertThat(lines[0]).startsWith("from,to,week,dossiersReceived,");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).startsWith("2024-03-01,2024-04-01,2024-W10,5,3,3,4,0.8000,2.0000");
        assertThat(lines[3]).startsWith("2024-03-01,2024-04-01,2024-W14,1,");
    }

    @Test
    void csvGroupedByMonth() {
        Response response = get("/api/v1/reports/reuse.csv?from=2024-03-01&to=2024-04-30&groupBy=month", AUDITOR_KEY);

        String[] lines = response.body().split("\r\n");
        assertThat(lines[0]).startsWith("from,to,month,dossiersReceived,");
        assertThat(lines[1]).startsWith("2024-03-01,2024-04-30,2024-03,6,3,3,4,0.6667");
        assertThat(lines[2]).startsWith("2024-03-01,2024-04-30,2024-04,1,");
    }

    @Test
    void badIncludesAre400NamingTheParameter() {
        for (String query : new String[] {"groupBy=agency&include=week", "include=month", "groupBy=day&include=totals",
                "groupBy=week&include=month", "groupBy=day&include=total,,week", "groupBy=day&include=day"}) {
            Response response = get("/api/v1/reports/reuse?" + MARCH + "&" + query, AUDITOR_KEY);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().path("code").asText()).as(query).isEqualTo("client.invalid_request");
            assertThat(response.body()).as(query).contains("include");
        }
    }

    @Test
    void groupedByProcedure() {
        Map<String, JsonNode> rows = rowsByKey(report(MARCH + "&groupBy=procedure"));

        assertThat(rows.get("1.000001").path("dossiersReceived").asLong()).isEqualTo(4);
        assertThat(rows.get("2.000002").path("dossiersReceived").asLong()).isEqualTo(2);
        assertThat(rows.get("2.000002").path("dossiersWithReuse").asLong()).isEqualTo(2);
    }

    @Test
    void groupedBySourceShowsWhatEachSourceContributes() {
        Map<String, JsonNode> rows = rowsByKey(report(MARCH + "&groupBy=source"));

        assertThat(rows.keySet()).containsExactlyInAnyOrder("citizens", "enterprises", "land");
        assertThat(rows.get("citizens").path("dossiersWithObservedReuse").asLong()).isEqualTo(1);
        assertThat(rows.get("enterprises").path("dossiersWithObservedReuse").asLong()).isEqualTo(1);
        assertThat(rows.get("enterprises").path("dossiersWithReuse").asLong()).isEqualTo(4);
        assertThat(rows.get("land").path("lookups").path("land").path("total").asLong()).isEqualTo(2);
        // what is not per source is the range's, in every row
        JsonNode range = report(MARCH);
        assertThat(rows.values()).allSatisfy(row -> {
            for (String figure : List.of("dossiersReceived", "dossiersWithDeclaredReuse", "citizenDataConnectedRate",
                    "syncedRate")) {
                assertThat(row.path(figure)).as(figure).isEqualTo(range.path(figure));
            }
        });
    }

    @Test
    void csvHasAHeaderRowAndOneRowPerGroup() {
        Response response = get("/api/v1/reports/reuse.csv?" + MARCH + "&groupBy=agency", AUDITOR_KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/csv");
        String[] lines = response.body().split("\r\n");
        assertThat(lines[0]).startsWith("from,to,agency,dossiersReceived,dossiersWithDeclaredReuse");
        assertThat(lines[0]).contains("lookups.citizens.total");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("2024-03-01,2024-03-31,RPT.A1,2,2,1,2,1.0000,2.0000"));
    }

    @Test
    void theDefaultRangeIsTheCurrentMonth() {
        YearMonth month = YearMonth.now(ZoneId.of("Asia/Ho_Chi_Minh"));

        JsonNode r = report("");

        assertThat(r.path("from").asText()).isEqualTo(month.atDay(1).toString());
        assertThat(r.path("to").asText()).isEqualTo(month.atEndOfMonth().toString());
    }

    @Test
    void invalidDatesRangesAndGroupsAre400() {
        for (String query : new String[] {"from=2024-02-30", "from=2024-3-1", "from=yesterday",
                "from=2024-03-31&to=2024-03-01", "groupBy=fortnight", "from=2020-01-01&to=2024-12-31"}) {
            Response response = get("/api/v1/reports/reuse?" + query, AUDITOR_KEY);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().path("code").asText()).as(query).isEqualTo("client.invalid_request");
        }
    }

    @Test
    void reportsAreForAuditorsAndAdminsOnly() {
        assertThat(get("/api/v1/reports/reuse?" + MARCH, ADMIN_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/reports/reuse?" + MARCH, PROVINCIAL_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/reports/reuse?" + MARCH, null).status()).isEqualTo(401);
    }

    // ---- filtered to one agency, one procedure, or both: a data set of its own, in May 2023 ----

    private static final String MAY = "from=2023-05-01&to=2023-05-31";
    private static final String MAY_IDS = "('RPT-MAY-1', 'RPT-MAY-2', 'RPT-MAY-3', 'RPT-MAY-4', 'RPT-MAY-5')";

    /**
     * No other test registers dossiers or lookups in May 2023:
     * <pre>
     * dossier    agency  procedure received (+07:00)  declared lookups (made on)                  synced
     * RPT-MAY-1  RPT.MA  1.000001  2023-05-02 09:00   yes      citizens FOUND from source (05-02)  yes
     * RPT-MAY-2  RPT.MA  2.000002  2023-05-02 10:00   no       enterprises FOUND (05-02)           no
     * RPT-MAY-3  RPT.MA  1.000001  2023-05-09 09:00   no       citizens NOT_FOUND (05-09)          no
     * RPT-MAY-4  RPT.MB  1.000001  2023-05-09 10:00   yes      citizens FOUND from store (05-09)   yes
     * RPT-MAY-5  RPT.MB  2.000002  2023-05-31 23:30   no       land TIMEOUT (05-31)                no
     * </pre>
     * and one lookup of agency RPT.MA (sent as X-Agency-Code) for procedure 1.000001 without a registered dossier:
     * land FOUND from source, on 05-10. A lookup of a dossier counts under the dossier's agency.
     */
    private void seedMay2023() {
        dossier("RPT-MAY-1", "RPT.MA", "1.000001", "2023-05-02T09:00:00+07:00", true);
        dossier("RPT-MAY-2", "RPT.MA", "2.000002", "2023-05-02T10:00:00+07:00", false);
        dossier("RPT-MAY-3", "RPT.MA", "1.000001", "2023-05-09T09:00:00+07:00", false);
        dossier("RPT-MAY-4", "RPT.MB", "1.000001", "2023-05-09T10:00:00+07:00", true);
        dossier("RPT-MAY-5", "RPT.MB", "2.000002", "2023-05-31T23:30:00+07:00", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM dossier "
                + "WHERE dossier_id IN " + MAY_IDS + " AND sync_state = 'SYNCED'", Long.class) == 5);
        jdbc.update("UPDATE dossier SET sync_state = 'PENDING' WHERE dossier_id IN ('RPT-MAY-2', 'RPT-MAY-3', 'RPT-MAY-5')");

        ledgerTables().update("DELETE FROM dossier_source WHERE dossier_id IN " + MAY_IDS);
        ledgerTables().update("DELETE FROM lookup_daily WHERE business_date >= DATE '2023-05-01' AND business_date < DATE '2023-06-01'");
        ledgerTables().update("DELETE FROM lookup_daily_agency_procedure "
                + "WHERE business_date >= DATE '2023-05-01' AND business_date < DATE '2023-06-01'");
        may(2, null, "RPT-MAY-1", "1.000001", "citizens", "FOUND", "source");
        may(2, null, "RPT-MAY-2", "2.000002", "enterprises", "FOUND", "source");
        may(9, null, "RPT-MAY-3", "1.000001", "citizens", "NOT_FOUND", null);
        may(9, null, "RPT-MAY-4", "1.000001", "citizens", "FOUND", "reuse-store");
        may(31, null, "RPT-MAY-5", "2.000002", "land", "TIMEOUT", null);
        may(10, "RPT.MA", "RPT-MAY-NOT-REGISTERED", "1.000001", "land", "FOUND", "source");
        ledgerTables();
    }

    private void may(int day, String agency, String dossierId, String procedure, String source, String outcome,
                     String servedFrom) {
        record(LocalDate.of(2023, 5, day), agency, dossierId, procedure, source, outcome, servedFrom, "rpt-may-");
    }

    private static void lookups(JsonNode figures, String source, long total, long fromSource, long fromReuseStore,
                                long notFound, long failed) {
        JsonNode c = figures.path("lookups").path(source);
        assertThat(new long[] {c.path("total").asLong(), c.path("fromSource").asLong(),
                c.path("fromReuseStore").asLong(), c.path("notFound").asLong(), c.path("failed").asLong()})
                .as(source).containsExactly(total, fromSource, fromReuseStore, notFound, failed);
    }

    /** The dossier figures: received, declared, observed, with reuse, then the mismatches. */
    private static void dossiers(JsonNode figures, long received, long declared, long observed, long withReuse,
                                 long declaredNotObserved, long observedNotDeclared) {
        assertThat(new long[] {figures.path("dossiersReceived").asLong(),
                figures.path("dossiersWithDeclaredReuse").asLong(), figures.path("dossiersWithObservedReuse").asLong(),
                figures.path("dossiersWithReuse").asLong(), figures.path("mismatches").path("declaredNotObserved").asLong(),
                figures.path("mismatches").path("observedNotDeclared").asLong()})
                .containsExactly(received, declared, observed, withReuse, declaredNotObserved, observedNotDeclared);
    }

    private static void rates(JsonNode figures, String reuseRate, String score, String citizen, String synced) {
        assertThat(figures.path("reuseRate").decimalValue()).isEqualByComparingTo(reuseRate);
        assertThat(figures.path("reuseScore766").decimalValue()).isEqualByComparingTo(score);
        assertThat(figures.path("citizenDataConnectedRate").decimalValue()).isEqualByComparingTo(citizen);
        assertThat(figures.path("syncedRate").decimalValue()).isEqualByComparingTo(synced);
    }

    /** A row of a grouped report as the range's figures: without its key, with the range. */
    private static JsonNode asRange(JsonNode row, String from, String to) {
        ObjectNode range = JSON.createObjectNode();
        range.put("from", from);
        range.put("to", to);
        row.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("key")) {
                range.set(f.getKey(), f.getValue());
            }
        });
        return range;
    }

    @Test
    void filteredToOneAgencyEveryFigureIsThatAgencys() {
        seedMay2023();

        JsonNode r = report(MAY + "&agency=RPT.MA");

        dossiers(r, 3, 1, 2, 2, 0, 1);
        // min(2, 2 x (2/3) / 0.8)
        rates(r, "0.6667", "1.6667", "0.3333", "0.3333");
        lookups(r, "citizens", 2, 1, 0, 1, 0);
        lookups(r, "enterprises", 1, 1, 0, 0, 0);
        // the lookup sent with X-Agency-Code, for no registered dossier
        lookups(r, "land", 1, 1, 0, 0, 0);
        // exactly the agency's row of the unfiltered report
        JsonNode row = rowsByKey(report(MAY + "&groupBy=agency")).get("RPT.MA");
        assertThat(r).isEqualTo(asRange(row, "2023-05-01", "2023-05-31"));

        JsonNode other = report(MAY + "&agency=RPT.MB");
        dossiers(other, 2, 1, 1, 1, 0, 0);
        rates(other, "0.5", "1.25", "0.5", "0.5");
        lookups(other, "citizens", 1, 0, 1, 0, 0);
        lookups(other, "land", 1, 0, 0, 0, 1);
        assertThat(other).isEqualTo(asRange(rowsByKey(report(MAY + "&groupBy=agency")).get("RPT.MB"),
                "2023-05-01", "2023-05-31"));
    }

    @Test
    void filteredToOneProcedureEveryFigureIsThatProcedures() {
        seedMay2023();

        JsonNode r = report(MAY + "&procedure=2.000002");

        dossiers(r, 2, 0, 1, 1, 0, 1);
        rates(r, "0.5", "1.25", "0", "0");
        lookups(r, "citizens", 0, 0, 0, 0, 0);
        lookups(r, "enterprises", 1, 1, 0, 0, 0);
        lookups(r, "land", 1, 0, 0, 0, 1);
        Map<String, JsonNode> byProcedure = rowsByKey(report(MAY + "&groupBy=procedure"));
        assertThat(r).isEqualTo(asRange(byProcedure.get("2.000002"), "2023-05-01", "2023-05-31"));
        assertThat(report(MAY + "&procedure=1.000001"))
                .isEqualTo(asRange(byProcedure.get("1.000001"), "2023-05-01", "2023-05-31"));
    }

    @Test
    void bothFiltersTogetherAreTheAgencysDossiersAndLookupsOfThatProcedure() {
        seedMay2023();

        JsonNode r = report(MAY + "&agency=RPT.MA&procedure=1.000001");

        dossiers(r, 2, 1, 1, 1, 0, 0);
        // min(2, 2 x (1/2) / 0.8)
        rates(r, "0.5", "1.25", "0.5", "0.5");
        lookups(r, "citizens", 2, 1, 0, 1, 0);
        lookups(r, "enterprises", 0, 0, 0, 0, 0);
        lookups(r, "land", 1, 1, 0, 0, 0);
        // one agency by procedure, one procedure by agency: the same figures in a row of each
        assertThat(r).isEqualTo(asRange(rowsByKey(report(MAY + "&agency=RPT.MA&groupBy=procedure")).get("1.000001"),
                "2023-05-01", "2023-05-31"));
        assertThat(r).isEqualTo(asRange(rowsByKey(report(MAY + "&procedure=1.000001&groupBy=agency")).get("RPT.MA"),
                "2023-05-01", "2023-05-31"));
        assertThat(rowsByKey(report(MAY + "&procedure=1.000001&groupBy=agency")).keySet())
                .containsExactlyInAnyOrder("RPT.MA", "RPT.MB");
    }

    @Test
    void aFilteredTrendHasTheAgencysDaysWeeksAndTotal() {
        seedMay2023();

        JsonNode trend = report(MAY + "&agency=RPT.MA&groupBy=day&include=total,week,month");
        Map<String, JsonNode> days = rowsByKey(trend);

        assertThat(days.keySet()).containsExactlyInAnyOrder("2023-05-02", "2023-05-09", "2023-05-10");
        dossiers(days.get("2023-05-02"), 2, 1, 2, 2, 0, 1);
        lookups(days.get("2023-05-02"), "citizens", 1, 1, 0, 0, 0);
        lookups(days.get("2023-05-02"), "enterprises", 1, 1, 0, 0, 0);
        dossiers(days.get("2023-05-09"), 1, 0, 0, 0, 0, 0);
        lookups(days.get("2023-05-09"), "citizens", 1, 0, 0, 1, 0);
        dossiers(days.get("2023-05-10"), 0, 0, 0, 0, 0, 0);
        lookups(days.get("2023-05-10"), "land", 1, 1, 0, 0, 0);
        assertThat(trend.path("total")).isEqualTo(report(MAY + "&agency=RPT.MA"));
        Map<String, JsonNode> weeks = new HashMap<>();
        trend.path("weeks").forEach(w -> weeks.put(w.path("key").asText(), w));
        // Tuesday 2 May is in 2023-W18; Tuesday 9 and Wednesday 10 May in 2023-W19
        assertThat(weeks.keySet()).containsExactlyInAnyOrder("2023-W18", "2023-W19");
        dossiers(weeks.get("2023-W19"), 1, 0, 0, 0, 0, 0);
        lookups(weeks.get("2023-W19"), "land", 1, 1, 0, 0, 0);
        assertThat(trend.path("weeks")).isEqualTo(report(MAY + "&agency=RPT.MA&groupBy=week").path("rows"));
        assertThat(trend.path("months").get(0)).isEqualTo(report(MAY + "&agency=RPT.MA&groupBy=month").path("rows").get(0));
        dossiers(trend.path("months").get(0), 3, 1, 2, 2, 0, 1);
    }

    @Test
    void everyFilteredGroupingCarriesTheFilteredTotal() {
        seedMay2023();
        for (String filter : new String[] {"&agency=RPT.MA", "&procedure=1.000001", "&agency=RPT.MB&procedure=2.000002"}) {
            JsonNode total = report(MAY + filter);
            for (String groupBy : new String[] {"agency", "procedure", "source", "day", "week", "month"}) {
                assertThat(report(MAY + filter + "&groupBy=" + groupBy + "&include=total").path("total"))
                        .as(filter + " " + groupBy).isEqualTo(total);
            }
        }
        // by source: each source's observed reuse among the agency's dossiers
        Map<String, JsonNode> bySource = rowsByKey(report(MAY + "&agency=RPT.MA&groupBy=source"));
        assertThat(bySource.get("citizens").path("dossiersWithObservedReuse").asLong()).isEqualTo(1);
        assertThat(bySource.get("enterprises").path("dossiersWithObservedReuse").asLong()).isEqualTo(1);
        assertThat(bySource.get("land").path("dossiersWithObservedReuse").asLong()).isZero();
        assertThat(bySource.get("land").path("dossiersReceived").asLong()).isEqualTo(3);
        lookups(bySource.get("land"), "land", 1, 1, 0, 0, 0);
    }

    @Test
    void aWellFormedCodeWithoutDataIsZeros() {
        seedMay2023();
        for (String query : new String[] {MAY + "&agency=RPT.NOBODY", MAY + "&procedure=9.999999",
                MAY + "&agency=RPT.MA&procedure=9.999999", MAY + "&agency=unknown",
                // a dossier and a lookup of RPT.MB and 2.000002, both on 31 May
                "from=2023-05-01&to=2023-05-30&agency=RPT.MB&procedure=2.000002"}) {
            JsonNode r = report(query);
            dossiers(r, 0, 0, 0, 0, 0, 0);
            rates(r, "0", "0", "0", "0");
            for (String source : new String[] {"citizens", "enterprises", "land"}) {
                lookups(r, source, 0, 0, 0, 0, 0);
            }
        }
        assertThat(report(MAY + "&agency=RPT.NOBODY&groupBy=day").path("rows")).isEmpty();
    }

    @Test
    void aMalformedFilterIs400NamingTheParameter() {
        String tooLong = "A".repeat(65);
        for (String[] c : new String[][] {{"agency=RPT%20MA", "agency"}, {"agency=" + tooLong, "agency"},
                {"agency=RPT%2FMA", "agency"}, {"agency=%C3%84", "agency"}, {"agency=RPT.MA%27--", "agency"},
                {"procedure=1.00001", "procedure"}, {"procedure=ABCDEFGH", "procedure"}, {"procedure=1-000001", "procedure"},
                {"procedure=1.0000011", "procedure"}, {"agency=RPT.MA&procedure=unknown", "procedure"}}) {
            for (String path : new String[] {"/api/v1/reports/reuse?", "/api/v1/reports/reuse.csv?"}) {
                Response response = get(path + MAY + "&" + c[0] + "&groupBy=day", AUDITOR_KEY);
                assertThat(response.status()).as(c[0]).isEqualTo(400);
                assertThat(response.header("Content-Type")).as(c[0]).startsWith("application/problem+json");
                assertThat(response.json().path("code").asText()).as(c[0]).isEqualTo("client.invalid_request");
                assertThat(response.json().path("errors").get(0).path("field").asText()).as(c[0]).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void theCsvIsFilteredAndNamedAfterItsFilter() {
        seedMay2023();

        Response byDay = get("/api/v1/reports/reuse.csv?" + MAY + "&agency=RPT.MA&groupBy=day", AUDITOR_KEY);

        assertThat(byDay.status()).isEqualTo(200);
        assertThat(byDay.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"reuse-2023-05-01-2023-05-31-agency-RPT.MA.csv\"");
        String[] lines = byDay.body().split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("from,to,day,dossiersReceived,");
        assertThat(lines[1]).startsWith("2023-05-01,2023-05-31,2023-05-02,2,1,2,2,1.0000,2.0000,0.5000,0.5000,0,1,");
        assertThat(lines[2]).startsWith("2023-05-01,2023-05-31,2023-05-09,1,0,0,0,0.0000,0.0000,0.0000,0.0000,0,0,");
        assertThat(lines[3]).startsWith("2023-05-01,2023-05-31,2023-05-10,0,0,0,0,");

        Response both = get("/api/v1/reports/reuse.csv?" + MAY + "&agency=RPT.MA&procedure=1.000001", AUDITOR_KEY);
        assertThat(both.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"reuse-2023-05-01-2023-05-31-agency-RPT.MA-procedure-1.000001.csv\"");
        String[] total = both.body().split("\r\n");
        assertThat(total).hasSize(2);
        // citizens: 2 lookups, 1 found from the source, 1 not found
        assertThat(total[1]).startsWith("2023-05-01,2023-05-31,2,1,1,1,0.5000,1.2500,0.5000,0.5000,0,0,2,1,0,1,0,");
    }
}
