package vn.lgsp.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/domain.md "Decision 766 indicators": the scorecard of every report row, over four dossiers of one agency
 * of its own (so that the figures are exact whatever else the database holds):
 * <pre>
 * dossier procedure received (+07:00)  components at reception  reuse                population  synced
 * D1      1.001612  2024-06-10 09:00   digitised, reused        declared + observed  yes         yes
 * D2      1.001612  2024-06-11 09:00   not digitised            -                    -           yes
 * D3      2.000488  2024-06-11 10:00   two, digitised           observed (business)  -           yes
 * D4      1.004227  2024-06-11 11:00   digitised (a later       observed             yes         no
 *                                      version: not)
 * </pre>
 */
class Scorecard766IT extends HubIT {

    private static final String JUNE = "from=2024-06-01&to=2024-06-30";

    private String agency;
    private final Map<String, String> ids = new HashMap<>();

    private void dossier(String name, String procedure, String receivedAt, String components) {
        String id = "SC-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        ids.put(name, id);
        put(id, procedure, receivedAt, components);
    }

    private void put(String id, String procedure, String receivedAt, String components) {
        String body = """
                {"procedureCode": "%s", "agencyCode": "%s", "receivedAt": "%s", "channel": "ONLINE",
                 "status": "RECEIVED", "applicant": {"idType": "OTHER", "idNumber": "HC-%s"}, "components": [%s]}
                """.formatted(procedure, agency, receivedAt, id, components);
        assertThat(putDossier(id, body, PROVINCIAL_KEY).status()).isEqualTo(202);
    }

    private static String component(boolean digitized, boolean reused) {
        return "{\"code\": \"TP%d\", \"name\": \"Giấy tờ\", \"digitized\": %s, \"reused\": %s}"
                .formatted(digitized ? 1 : 2, digitized, reused);
    }

    private void lookupFor(String name, String path) {
        assertThat(get(path, PROVINCIAL_KEY, "X-Dossier-Id", ids.get(name), "X-Procedure-Code", "1.001612").status())
                .isEqualTo(200);
    }

    private void fourDossiers() {
        agency = "SC.A" + UUID.randomUUID().toString().substring(0, 6);
        dossier("D1", "1.001612", "2024-06-10T09:00:00+07:00", component(true, true));
        dossier("D2", "1.001612", "2024-06-11T09:00:00+07:00", component(false, false));
        dossier("D3", "2.000488", "2024-06-11T10:00:00+07:00", component(true, false) + ", " + component(true, false));
        dossier("D4", "1.004227", "2024-06-11T11:00:00+07:00", component(true, false));
        // a later version says its component is not digitised: at reception it was
        put(ids.get("D4"), "1.004227", "2024-06-11T11:00:00+07:00", component(false, false));
        lookupFor("D1", "/api/v1/citizens/074085000123");
        lookupFor("D3", "/api/v1/enterprises/0100233488");
        lookupFor("D4", "/api/v1/citizens/074085000123");
        List<String> all = List.copyOf(ids.values());
        String in = "('" + String.join("', '", all) + "')";
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM dossier "
                + "WHERE dossier_id IN " + in + " AND sync_state = 'SYNCED'", Long.class) == 4);
        jdbc.update("UPDATE dossier SET sync_state = 'PENDING' WHERE dossier_id = ?", ids.get("D4"));
    }

    private JsonNode report(String query) {
        Response response = get("/api/v1/reports/reuse?" + JUNE + "&agency=" + agency + query, AUDITOR_KEY);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode indicator(JsonNode figures, String code) {
        for (JsonNode indicator : figures.path("scorecard766").path("indicators")) {
            if (code.equals(indicator.path("code").asText())) {
                return indicator;
            }
        }
        throw new AssertionError("no indicator " + code + " in " + figures);
    }

    /** numerator/denominator rate points (points "null" for the rate-only indicator). */
    private static String figures(JsonNode figures, String code) {
        JsonNode i = indicator(figures, code);
        return i.path("numerator").asLong() + "/" + i.path("denominator").asLong() + " " + fourDecimals(i.path("rate"))
                + " " + (i.path("points").isNull() ? "null" : fourDecimals(i.path("points")));
    }

    /** A JSON number as the hub rounds it (the test's reader drops trailing zeros). */
    private static String fourDecimals(JsonNode number) {
        return number.decimalValue().setScale(4, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static Map<String, JsonNode> rowsByKey(JsonNode grouped, String member) {
        Map<String, JsonNode> rows = new HashMap<>();
        grouped.path(member).forEach(r -> rows.put(r.path("key").asText(), r));
        return rows;
    }

    @Test
    void theWholeScorecardOfTheRangeFromExactCounts() {
        fourDossiers();

        JsonNode total = report("");

        assertThat(figures(total, "REUSED_DIGITIZED_DATA")).isEqualTo("3/4 0.7500 1.8750");
        assertThat(figures(total, "CITIZEN_DATA_CONNECTED_DOSSIER")).isEqualTo("2/4 0.5000 1.0000");
        assertThat(figures(total, "CITIZEN_DATA_CONNECTED_FORMALITY")).isEqualTo("2/3 0.6667 1.3333");
        assertThat(figures(total, "DOSSIER_SYNC")).isEqualTo("3/4 0.7500 4.5000");
        assertThat(figures(total, "COMPONENTS_DIGITIZED_AT_RECEPTION")).isEqualTo("3/4 0.7500 null");
        assertThat(indicator(total, "COMPONENTS_DIGITIZED_AT_RECEPTION").path("maximum").isNull()).isTrue();
        assertThat(indicator(total, "DOSSIER_SYNC").path("maximum").asInt()).isEqualTo(6);
        assertThat(fourDecimals(total.path("scorecard766").path("points"))).isEqualTo("8.7083");
        assertThat(total.path("scorecard766").path("maximum").asInt()).isEqualTo(12);
        // the report's own score is the first indicator's points
        assertThat(total.path("reuseScore766").decimalValue()).isEqualByComparingTo("1.875");
    }

    @Test
    void aProcedureCountsOnceInEveryPeriodThatAddsUpDays() {
        fourDossiers();

        JsonNode byDay = report("&groupBy=day&include=total,week,month");

        Map<String, JsonNode> days = rowsByKey(byDay, "rows");
        assertThat(figures(days.get("2024-06-10"), "CITIZEN_DATA_CONNECTED_FORMALITY")).isEqualTo("1/1 1.0000 2.0000");
        assertThat(figures(days.get("2024-06-11"), "CITIZEN_DATA_CONNECTED_FORMALITY")).isEqualTo("1/3 0.3333 0.6667");
        // 1.001612 has dossiers on both days: one procedure of the week, the month and the range, not two
        assertThat(figures(rowsByKey(byDay, "weeks").get("2024-W24"), "CITIZEN_DATA_CONNECTED_FORMALITY"))
                .isEqualTo("2/3 0.6667 1.3333");
        assertThat(figures(rowsByKey(byDay, "months").get("2024-06"), "CITIZEN_DATA_CONNECTED_FORMALITY"))
                .isEqualTo("2/3 0.6667 1.3333");
        assertThat(figures(byDay.path("total"), "CITIZEN_DATA_CONNECTED_FORMALITY")).isEqualTo("2/3 0.6667 1.3333");
        assertThat(byDay.path("total").path("scorecard766")).isEqualTo(report("").path("scorecard766"));
        assertThat(figures(rowsByKey(report("&groupBy=week"), "rows").get("2024-W24"), "CITIZEN_DATA_CONNECTED_FORMALITY"))
                .isEqualTo("2/3 0.6667 1.3333");
    }

    @Test
    void everyGroupingCarriesItsRowsScorecard() {
        fourDossiers();

        Map<String, JsonNode> procedures = rowsByKey(report("&groupBy=procedure"), "rows");
        assertThat(figures(procedures.get("1.001612"), "CITIZEN_DATA_CONNECTED_FORMALITY")).isEqualTo("1/1 1.0000 2.0000");
        assertThat(figures(procedures.get("1.001612"), "COMPONENTS_DIGITIZED_AT_RECEPTION")).isEqualTo("1/2 0.5000 null");
        assertThat(figures(procedures.get("2.000488"), "CITIZEN_DATA_CONNECTED_FORMALITY")).isEqualTo("0/1 0.0000 0.0000");

        JsonNode agencyRow = report("&groupBy=agency").path("rows").get(0);
        assertThat(agencyRow.path("key").asText()).isEqualTo(agency);
        assertThat(agencyRow.path("scorecard766")).isEqualTo(report("").path("scorecard766"));

        // by source: the range's dossiers, reuse observed from that source only
        Map<String, JsonNode> sources = rowsByKey(report("&groupBy=source&include=total"), "rows");
        assertThat(figures(sources.get("enterprises"), "REUSED_DIGITIZED_DATA")).isEqualTo("2/4 0.5000 1.2500");
        assertThat(figures(sources.get("citizens"), "REUSED_DIGITIZED_DATA")).isEqualTo("2/4 0.5000 1.2500");
        assertThat(figures(sources.get("land"), "CITIZEN_DATA_CONNECTED_FORMALITY")).isEqualTo("2/3 0.6667 1.3333");

        JsonNode filtered = report("&procedure=1.001612");
        assertThat(figures(filtered, "CITIZEN_DATA_CONNECTED_FORMALITY")).isEqualTo("1/1 1.0000 2.0000");
        assertThat(figures(filtered, "DOSSIER_SYNC")).isEqualTo("2/2 1.0000 6.0000");
    }

    @Test
    void theCsvEndsWithTheScorecard() {
        fourDossiers();

        Response csv = get("/api/v1/reports/reuse.csv?" + JUNE + "&agency=" + agency, AUDITOR_KEY);

        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        List<String> cells = List.of(lines[1].split(",", -1));
        assertThat(header.subList(0, 4)).containsExactly("from", "to", "dossiersReceived", "dossiersWithDeclaredReuse");
        assertThat(header.subList(header.size() - 12, header.size())).containsExactly(
                "scorecard766.REUSED_DIGITIZED_DATA.rate", "scorecard766.REUSED_DIGITIZED_DATA.points",
                "scorecard766.CITIZEN_DATA_CONNECTED_DOSSIER.rate", "scorecard766.CITIZEN_DATA_CONNECTED_DOSSIER.points",
                "scorecard766.CITIZEN_DATA_CONNECTED_FORMALITY.rate", "scorecard766.CITIZEN_DATA_CONNECTED_FORMALITY.points",
                "scorecard766.DOSSIER_SYNC.rate", "scorecard766.DOSSIER_SYNC.points",
                "scorecard766.COMPONENTS_DIGITIZED_AT_RECEPTION.rate", "scorecard766.COMPONENTS_DIGITIZED_AT_RECEPTION.points",
                "scorecard766.points", "scorecard766.maximum");
        assertThat(cells.get(header.indexOf("scorecard766.CITIZEN_DATA_CONNECTED_FORMALITY.points"))).isEqualTo("1.3333");
        assertThat(cells.get(header.indexOf("scorecard766.COMPONENTS_DIGITIZED_AT_RECEPTION.points"))).isEmpty();
        assertThat(cells.get(header.indexOf("scorecard766.points"))).isEqualTo("8.7083");
        assertThat(cells.get(header.indexOf("scorecard766.maximum"))).isEqualTo("12");
    }

    @Test
    void aRangeWithoutDossiersScoresNothing() {
        agency = "SC.NONE" + UUID.randomUUID().toString().substring(0, 6);

        JsonNode empty = report("");

        for (String code : List.of("REUSED_DIGITIZED_DATA", "CITIZEN_DATA_CONNECTED_DOSSIER",
                "CITIZEN_DATA_CONNECTED_FORMALITY", "DOSSIER_SYNC")) {
            assertThat(figures(empty, code)).isEqualTo("0/0 0.0000 0.0000");
        }
        assertThat(empty.path("scorecard766").path("points").decimalValue()).isEqualByComparingTo("0");
        assertThat(empty.path("scorecard766").path("maximum").asInt()).isEqualTo(12);
    }
}
