package vn.lgsp.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.support.Browser;
import vn.lgsp.hub.support.BrowserIT;

/**
 * The auditor's and the tester's pages in a real browser (docs/console.md): the reuse dashboard over
 * dossiers and lookups registered through the API, its languages and its CSV; what an auditor may not
 * open; the fixture catalogue; a lookup tried with the keyboard alone, answered and refused.
 */
class ConsoleAuditorPagesBrowserIT extends BrowserIT {

    /** A month of its own (no other test registers dossiers in it), so its figures are exact. */
    private static final String FROM = "2024-02-01";
    private static final String TO = "2024-02-29";

    /**
     * Five dossiers received in the month: 1, 2 and 3 declare a reused component, 3 and 4 have a citizen found
     * for them, so 4 of 5 reuse (80 %: the target, 2 points), 2 declared but not observed, 1 observed but not
     * declared, 2 of 5 with population data. Registered again each time: a dossier id is the same dossier.
     */
    private void seedFebruary() {
        for (int i = 1; i <= 5; i++) {
            String id = "CONSOLE-BIT-2402-" + i;
            Response put = putDossier(id, """
                    {"procedureCode": "1.001612", "agencyCode": "%s", "receivedAt": "2024-02-%02dT09:00:00+07:00",
                     "channel": "IN_PERSON", "status": "RECEIVED",
                     "applicant": {"idType": "PERSONAL_ID", "idNumber": "074085000123"},
                     "components": [{"code": "TP1", "name": "Tờ khai", "digitized": true, "reused": %s}]}
                    """.formatted(i <= 2 ? "000.00.12.H12" : "000.00.13.H12", 10 + i, i <= 3), PROVINCIAL_KEY);
            assertThat(put.status()).as(put.body()).isEqualTo(202);
            if (i == 3 || i == 4) {
                Response found = get("/api/v1/citizens/074085000123", PROVINCIAL_KEY, "X-Dossier-Id", id,
                        "X-Procedure-Code", "1.001612");
                assertThat(found.status()).as(found.body()).isEqualTo(200);
            }
        }
        ledgerTables();
    }

    private Browser signedIn(String key, String hash) {
        browser.open("/console/").signIn(key);
        browser.open("/console/" + hash);
        return browser;
    }

    private String text(String id) {
        return browser.waitFor(By.id(id)).getText();
    }

    private void chooseLanguage(String value) {
        new Select(browser.waitFor(By.id("lang-select"))).selectByValue(value);
    }

    private void everyControlHasALabel() {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) script("return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(c => c.type !== 'hidden' && !(c.id && document.querySelector(`label[for='${c.id}']`)))"
                + ".map(c => c.id || c.name || c.outerHTML)");
        assertThat(unlabelled).as("form controls without a label[for]").isEmpty();
    }

    @Test
    void theAuditorSeesTheRangesHeadlineFiguresAndItsCharts() {
        seedFebruary();
        signedIn(AUDITOR_KEY, "#/dashboard?from=" + FROM + "&to=" + TO + "&trend=day");
        chooseLanguage("en");

        browser.waitForText(By.id("figure-dossiers"), "5");
        assertThat(text("figure-reuse-rate")).contains("80.0%").contains("4 of 5");
        assertThat(text("figure-score")).contains("2.00 of 2 points");
        assertThat(text("dashboard-target")).contains("Target met");
        assertThat(text("figure-declared")).isEqualTo("3");
        assertThat(text("figure-observed")).isEqualTo("2");
        assertThat(text("figure-declared-not-observed")).isEqualTo("2");
        assertThat(text("figure-observed-not-declared")).isEqualTo("1");
        assertThat(text("figure-citizen-rate")).contains("40.0%");
        // three charts drawn by uPlot, each with its table
        assertThat(browser.driver().findElements(By.cssSelector("#dashboard-result .uplot"))).hasSize(3);
        assertThat(text("table-lookups")).contains("citizens");
        everyControlHasALabel();
        screenshot("dashboard.png");
        browser.driver().findElement(By.cssSelector("#table-trend-details summary")).click();
        assertThat(browser.waitFor(By.id("table-trend")).findElements(By.cssSelector("tbody tr"))).hasSize(29);
        assertThat(text("table-trend")).contains("2024-02-11").contains("2024-02-15");
    }

    @Test
    void aBreakdownRowOpensThatAgencysOwnFiguresAndTrendAndClosesBackToTheRow() {
        seedFebruary();
        signedIn(AUDITOR_KEY, "#/dashboard?from=" + FROM + "&to=" + TO + "&trend=day");
        chooseLanguage("en");
        browser.waitForText(By.id("figure-dossiers"), "5");
        browser.driver().findElement(By.cssSelector("#breakdown-agency summary")).click();
        WebElement row = browser.waitFor(By.cssSelector("#table-agency button[data-key='000.00.13.H12']"));

        // chosen with the keyboard: the panel takes the focus
        row.sendKeys(Keys.ENTER);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> "drill-agency".equals(active()));
        // dossiers 3, 4 and 5 of the month: 3 and 4 reuse (3 declared, 3 and 4 observed)
        browser.waitForText(By.id("drill-agency-dossiers"), "3");
        assertThat(text("drill-agency-title")).contains("000.00.13.H12");
        assertThat(text("drill-agency-reuse-rate")).isEqualTo("66.7%");
        assertThat(text("drill-agency-score")).isEqualTo("1.67 of 2 points");
        assertThat(text("drill-agency-target")).contains("Below the 80 % target");
        // its own trend, the page's two trend charts drawn for it by uPlot inside the panel
        browser.waitFor(By.cssSelector("#drill-agency-chart-dossiers .uplot"));
        assertThat(browser.driver().findElements(By.cssSelector("#drill-agency .uplot"))).hasSize(2);
        assertThat(browser.driver().findElements(By.cssSelector("#dashboard-result .uplot"))).hasSize(5);
        assertThat(browser.driver().findElement(By.id("csv-drill-agency")).getAttribute("href"))
                .endsWith("/api/v1/reports/reuse.csv?from=" + FROM + "&to=" + TO + "&groupBy=day&agency=000.00.13.H12");
        assertThat(text("drill-agency")).doesNotContain("cannot yet be filtered");
        // the page's own figures are still the whole range's
        assertThat(text("figure-dossiers")).endsWith("\n5");
        everyControlHasALabel();
        screenshot("dashboard-drill.png", "drill-agency");

        // another row replaces the panel, with that agency's figures and charts alone
        browser.driver().findElement(By.cssSelector("#table-agency button[data-key='000.00.12.H12']")).click();
        browser.waitForText(By.id("drill-agency-title"), "000.00.12.H12");
        browser.waitForText(By.id("drill-agency-reuse-rate"), "100.0%");
        assertThat(text("drill-agency-dossiers")).isEqualTo("2");
        browser.waitFor(By.cssSelector("#drill-agency-chart-dossiers .uplot"));
        assertThat(browser.driver().findElements(By.cssSelector("#drill-agency .uplot"))).hasSize(2);

        // closing gives the focus back to the row
        browser.driver().findElement(By.cssSelector("#drill-agency .drill-close")).sendKeys(Keys.ENTER);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("drill-agency")).isDisplayed());
        assertThat(browser.driver().switchTo().activeElement().getAttribute("data-key")).isEqualTo("000.00.12.H12");
    }

    @Test
    void theLookupsOfTheCurrentMonthAreCountedBySourceAndOutcome() {
        seedFebruary();
        signedIn(AUDITOR_KEY, "#/dashboard");
        chooseLanguage("en");

        WebElement lookups = browser.waitFor(By.id("table-lookups"));
        WebElement citizens = lookups.findElements(By.cssSelector("tbody tr")).stream()
                .filter(row -> row.getText().startsWith("citizens")).findFirst().orElseThrow();
        List<WebElement> cells = citizens.findElements(By.tagName("td"));
        assertThat(Integer.parseInt(cells.get(1).getText().replace(",", ""))).as("citizen lookups this month")
                .isGreaterThanOrEqualTo(2);
        // the range in the address: this month in Asia/Ho_Chi_Minh
        YearMonth month = YearMonth.now(BusinessTime.ZONE);
        assertThat(text("dashboard-range")).contains(month.atDay(1).toString()).contains(month.atEndOfMonth().toString());
    }

    @Test
    void theDashboardSpeaksVietnameseAndEnglish() {
        seedFebruary();
        signedIn(AUDITOR_KEY, "#/dashboard?from=" + FROM + "&to=" + TO);
        chooseLanguage("vi");
        browser.waitForText(By.cssSelector("h1"), "Tổng quan tái sử dụng dữ liệu");
        assertThat(text("figure-score")).contains("2,00 / 2 điểm");
        assertThat(text("dashboard-target")).contains("Đạt chỉ tiêu");
        assertThat(text("nav-dashboard")).isEqualTo("Tổng quan tái sử dụng");

        chooseLanguage("en");
        browser.waitForText(By.cssSelector("h1"), "Data reuse dashboard");
        assertThat(text("figure-score")).contains("2.00 of 2 points");
        assertThat(text("dashboard-target")).contains("Target met");
    }

    @Test
    void theFormRefusesAnInvertedRangeAtTheFieldWithoutAskingTheHub() {
        signedIn(AUDITOR_KEY, "#/dashboard?from=" + FROM + "&to=" + TO);
        chooseLanguage("en");
        browser.waitFor(By.id("figure-dossiers"));
        script("document.getElementById('dashboard-from').value = '2024-03-01'");
        browser.driver().findElement(By.id("dashboard-apply")).click();

        browser.waitForText(By.id("dashboard-from-error"), "\"From\" must not be after \"To\"");
        assertThat(browser.driver().getCurrentUrl()).contains("from=" + FROM);
    }

    @Test
    void theCsvLinkDownloadsTheRangesFigures(@TempDir Path downloads) {
        seedFebruary();
        signedIn(AUDITOR_KEY, "#/dashboard?from=" + FROM + "&to=" + TO);
        browser.driver().executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
        WebElement link = browser.waitFor(By.id("csv-total"));
        assertThat(link.getAttribute("href")).endsWith("/api/v1/reports/reuse.csv?from=" + FROM + "&to=" + TO);
        link.click();

        Path file = downloads.resolve("reuse-" + FROM + "-" + TO + ".csv");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> Files.exists(file));
        List<String> lines = readLines(file);
        assertThat(lines.get(0)).startsWith("from,to,dossiersReceived,dossiersWithDeclaredReuse");
        assertThat(lines.get(1)).startsWith(FROM + "," + TO + ",5,3,2,4,");
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theAuditorHasNoAdministrationPagesAndTheAdminApiRefusesTheSession() {
        signedIn(AUDITOR_KEY, "#/dashboard");
        chooseLanguage("en");
        browser.waitFor(By.id("nav-dashboard"));
        assertThat(browser.driver().findElements(By.cssSelector("#nav a")).stream().map(a -> a.getAttribute("id")))
                .containsExactly("nav-dashboard", "nav-fixtures");

        browser.open("/console/#/routes");
        browser.waitForText(By.cssSelector("h1"), "Not allowed");
        Object status = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/v1/admin/routes', {credentials: 'same-origin'}).then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(403L);
    }

    @Test
    void theFixtureCatalogueListsWhatTheHubAnswersAndOpensALookupInTheTryPage() {
        signedIn(PROVINCIAL_KEY, "#/fixtures");
        chooseLanguage("en");
        WebElement row = browser.waitFor(By.cssSelector("#fixtures-table tr[data-fixture='enterprises-unknown']"));
        assertThat(row.getText()).contains("/api/v1/enterprises/3700012341").contains("404 source.not_found");
        assertThat(browser.driver().findElement(By.cssSelector("#fixtures-table tr[data-fixture='prefill-land-slow']"))
                .getText()).contains("Pre-fill a dossier for procedure 1.004227").contains("207 (citizens 200, land 504)");
        everyControlHasALabel();
        screenshot("fixtures.png");

        browser.driver().findElement(By.id("try-citizens-nguyen-van-an")).click();
        browser.waitForText(By.id("try-fixture-notice"), "citizens-nguyen-van-an");
        assertThat(browser.waitFor(By.id("try-personal-id")).getAttribute("value")).isEqualTo("074085000123");
        assertThat(browser.driver().findElement(By.id("try-full-name")).getAttribute("value")).isEqualTo("Nguyễn Văn An");
        // the address names the fixture, never the subject
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/try?fixture=citizens-nguyen-van-an");
    }

    @Test
    void aTesterTriesALookupWithTheKeyboardAloneAndSeesTheExchange() {
        signedIn(PROVINCIAL_KEY, "#/try");
        chooseLanguage("en");
        browser.waitFor(By.id("try-form"));
        everyControlHasALabel();
        // the page's heading has the focus: the form is the next stop of the Tab key
        browser.waitForText(By.cssSelector("h1"), "Try a lookup");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(5))
                .until(d -> "H1".equals(d.switchTo().activeElement().getTagName().toUpperCase()));
        type(Keys.TAB);
        assertThat(active()).isEqualTo("try-source");
        type(Keys.TAB, "074085000123", Keys.TAB, "Nguyễn Văn An", Keys.TAB, "1985-03-14",
                Keys.TAB, "000.00.12.H12-240211-0001", Keys.TAB, "1.001612", Keys.TAB, "CB-0042",
                Keys.TAB, "000.00.12.H12", Keys.ENTER);

        browser.waitForText(By.id("try-status"), "200");
        assertThat(text("try-request")).startsWith("GET /api/v1/citizens/074085000123?fullName=")
                .contains("X-Dossier-Id: 000.00.12.H12-240211-0001").contains("X-Officer-Id: CB-0042")
                .doesNotContain("Cookie").doesNotContain("LGSP_CONSOLE");
        assertThat(text("try-response-headers")).contains("X-Hub-Served-From: source");
        assertThat(text("try-correlation")).isNotBlank();
        assertThat(text("try-body")).contains("\"fullName\": \"Nguyễn Văn An\"");
        // the subject was kept in the form only
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/try");
        assertThat(script("return JSON.stringify(window.localStorage) + JSON.stringify(window.sessionStorage)").toString())
                .doesNotContain("074085000123");
        screenshot("try.png", "try-submit");
    }

    @Test
    void aRefusedLookupShowsItsProblemAndTheFieldItNames() {
        signedIn(PROVINCIAL_KEY, "#/try?fixture=citizens-nguyen-van-an");
        chooseLanguage("en");
        browser.waitForText(By.id("try-fixture-notice"), "citizens-nguyen-van-an");
        browser.waitFor(By.id("try-officer-id")).clear();
        browser.driver().findElement(By.id("try-submit")).click();

        browser.waitForText(By.id("try-status"), "400");
        assertThat(text("try-problem")).contains("client.invalid_request").contains("X-Officer-Id");
        assertThat(text("try-officer-id-error")).isNotBlank();
        assertThat(text("try-body")).contains("\"code\": \"client.invalid_request\"");

        browser.open("/console/#/try?fixture=enterprises-unknown");
        browser.waitForText(By.id("try-fixture-notice"), "enterprises-unknown");
        browser.driver().findElement(By.id("try-submit")).click();
        browser.waitForText(By.id("try-status"), "404");
        assertThat(text("try-problem")).contains("source.not_found");
    }

    private void type(CharSequence... keys) {
        for (CharSequence key : keys) {
            browser.driver().switchTo().activeElement().sendKeys(key);
        }
    }

    private String active() {
        return browser.driver().switchTo().activeElement().getAttribute("id");
    }
}
