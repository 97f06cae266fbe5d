package vn.lgsp.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
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
 * and ledger rows dated 2024-03-05 for the lookups block.
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

        ledgerTables().update("DELETE FROM lookup_ledger WHERE correlation_id LIKE 'rpt-fixture-%'");
        ledgerTables().update("DELETE FROM lookup_daily WHERE business_date >= DATE '2024-03-01' AND business_date < DATE '2024-05-01'");
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
        ledger.record(new LedgerEntry(day.atTime(10, 0).atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant(),
                "provincial-ap-system", agency, dossierId, "1.000001", null, source, "0".repeat(64), outcome,
                servedFrom, 5, "rpt-fixture-" + fixture++), null);
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
}
