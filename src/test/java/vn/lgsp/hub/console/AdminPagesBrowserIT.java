package vn.lgsp.hub.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.support.BrowserIT;

/**
 * The administrator's pages of the console in a real browser (headless Chromium, {@code mvn verify
 * -Pbrowser-it}): routes (list, stop and start, a refused reload naming its file, line and column and
 * showing the line marked), sources (the list, an edit refused at its field then accepted, the form by
 * keyboard alone), a dead letter replayed and its audit row, the live health, and both the sources and
 * the health pages with a hundred sources. Each saves its page's screenshot to
 * {@code target/console-screenshots/}.
 */
class AdminPagesBrowserIT extends BrowserIT {

    private static final Path ROUTES = Path.of("target/test-routes");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private CamelContext camel;

    private final Map<Path, String> originalRoutes = new HashMap<>();
    /** The sources a test created, deleted after it. */
    private final List<String> createdSources = new ArrayList<>();

    @BeforeEach
    void signIn() {
        browser.open("/console/").signIn(ADMIN_KEY);
        new Select(browser.waitFor(By.id("lang-select"))).selectByValue("en");
        browser.waitForText(By.id("sign-out"), "Sign out");
    }

    /** The route files, stopped routes and the citizens' settings as they were. */
    @AfterEach
    void putBack() throws IOException {
        for (Map.Entry<Path, String> file : originalRoutes.entrySet()) {
            Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
        }
        if (!originalRoutes.isEmpty()) {
            assertThat(post("/api/v1/admin/routes/reload").status()).isEqualTo(200);
        }
        for (JsonNode id : get("/api/v1/admin/routes", ADMIN_KEY).json().path("routeSet").path("stoppedRoutes")) {
            assertThat(post("/api/v1/admin/routes/" + id.asText() + "/start").status()).isEqualTo(200);
        }
        for (String id : List.of("source.citizens.fetch", "source.enterprises.fetch", "source.land.fetch")) {
            if (camel.getRouteController().getRouteStatus(id) == ServiceStatus.Stopped) {
                try {
                    camel.getRouteController().startRoute(id);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        delete("/api/v1/admin/sources/citizens", ADMIN_KEY);
        delete("/api/v1/admin/catalogues/marital-status", ADMIN_KEY);
        for (String source : createdSources) {
            Response deleted = delete("/api/v1/admin/sources/" + source, ADMIN_KEY);
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        }
        assertThat(get("/api/v1/admin/sources", ADMIN_KEY).json().path("sources")).hasSize(3);
    }

    private Response post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", ADMIN_KEY)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private WebDriver driver() {
        return browser.driver();
    }

    private String text(By locator) {
        return browser.waitFor(locator).getText();
    }

    private static By routeStatus(String routeId) {
        return By.cssSelector("#routes-table tr[data-route-id='" + routeId + "'] [data-status]");
    }

    private void confirm() {
        browser.waitFor(By.id("confirm-dialog-ok")).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog.confirm"), 0));
    }

    private WebElement focused() {
        return driver().switchTo().activeElement();
    }

    private void press(CharSequence key) {
        new Actions(driver()).sendKeys(key).perform();
    }

    @Test
    void theRoutesPageListsEveryRouteWithItsStatusAndTheClusterRouteSet() {
        assertThat(lookup("/api/v1/enterprises/0100233488").status()).isEqualTo(200);

        openPage("routes");

        WebElement enterprises = browser.waitFor(By.cssSelector("#routes-table tr[data-route-id='source.enterprises.fetch']"));
        assertThat(enterprises.getText()).contains("enterprises", "routes/enterprises.yaml", "Started", "Closed");
        assertThat(text(By.cssSelector("#routes-table tr[data-route-id='gateway.lookups']"))).contains("Java code");
        assertThat(driver().findElements(By.cssSelector("#routes-table tbody tr[data-route-id]")))
                .hasSizeGreaterThanOrEqualTo(get("/api/v1/admin/routes", ADMIN_KEY).json().path("routes").size());
        assertThat(text(By.id("route-set"))).contains("Generation", "Applied on this instance", "Matches the cluster");
        assertThat(driver().findElements(By.id("route-stop-gateway.lookups"))).as("only a source's route is stopped here").isEmpty();
        screenshot("routes.png");
    }

    @Test
    void aRouteStoppedThenStartedShowsItsStatusChange() {
        openPage("routes");
        browser.waitForText(routeStatus("source.land.fetch"), "Started");

        browser.waitFor(By.id("route-stop-source.land.fetch")).click();
        assertThat(text(By.id("confirm-dialog"))).contains("source.land.fetch", "503");
        confirm();

        browser.waitForText(routeStatus("source.land.fetch"), "Stopped");
        assertThat(text(By.id("route-set-stopped"))).contains("source.land.fetch");
        assertThat(camel.getRouteController().getRouteStatus("source.land.fetch")).isEqualTo(ServiceStatus.Stopped);

        browser.waitFor(By.id("route-start-source.land.fetch")).click();

        browser.waitForText(routeStatus("source.land.fetch"), "Started");
        assertThat(browser.waitFor(By.id("route-stop-source.land.fetch")).isDisplayed()).isTrue();
        assertThat(camel.getRouteController().getRouteStatus("source.land.fetch")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aRefusedReloadShowsTheFileLineAndColumnOfTheMistakeUnderItsLine() throws IOException {
        Path citizens = ROUTES.resolve("citizens.yaml");
        String original = Files.readString(citizens, StandardCharsets.UTF_8);
        originalRoutes.put(citizens, original);
        List<String> lines = new ArrayList<>(original.lines().toList());
        int broken = lines.indexOf("        value: citizenMapper") + 1;
        assertThat(broken).as("the mapper's line").isPositive();
        // a second mapping value on one line: the parser stops at its colon
        String written = "        value: citizenMapper: x";
        lines.set(broken - 1, written);
        int column = written.indexOf("citizenMapper:") + "citizenMapper:".length();
        Files.writeString(citizens, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        openPage("routes");

        browser.waitFor(By.id("reload-button")).click();
        confirm();

        assertThat(text(By.id("reload-problem-file"))).isEqualTo("routes/citizens.yaml");
        assertThat(text(By.id("reload-problem-line"))).isEqualTo(String.valueOf(broken));
        assertThat(text(By.id("reload-problem-column"))).isEqualTo(String.valueOf(column));
        assertThat(text(By.id("reload-problem-where"))).isEqualTo("routes/citizens.yaml:" + broken + ":" + column);
        assertThat(text(By.id("reload-problem-message"))).contains("mapping values are not allowed");
        // the line itself, the character at the column marked, a caret under it
        WebElement excerpt = browser.waitFor(By.cssSelector("#reload-problem-excerpt code"));
        assertThat(excerpt.getDomProperty("textContent")).isEqualTo(written);
        assertThat(text(By.id("reload-problem-excerpt-mark"))).isEqualTo(":");
        assertThat(browser.waitFor(By.id("reload-problem-excerpt-caret")).getDomProperty("textContent"))
                .isEqualTo("\n" + " ".repeat(column - 1) + "^");
        assertThat(text(By.cssSelector("#reload-problem figcaption")))
                .isEqualTo("Line " + broken + " of routes/citizens.yaml, the mistake at column " + column);
        // again under the row of the route loaded from that file
        WebElement refused = browser.waitFor(By.cssSelector("#routes-table tr[data-route-id='source.citizens.fetch'] + tr.route-refused-detail"));
        assertThat(refused.getText()).contains("routes/citizens.yaml:" + broken + ":" + column);
        // nothing reloaded: the route still runs
        assertThat(text(routeStatus("source.citizens.fetch"))).isEqualTo("Started");
        screenshot("routes-reload-refused.png");
    }

    @Test
    void theSourcesPageListsEverySource() {
        openPage("sources");

        for (String source : List.of("citizens", "enterprises", "land")) {
            assertThat(browser.waitFor(By.id("source-link-" + source)).getText()).isEqualTo(source);
        }
        JsonNode citizens = get("/api/v1/admin/sources/citizens", ADMIN_KEY).json();
        assertThat(text(By.cssSelector("#sources-table tr:has(#source-link-citizens)"))).contains("citizens", MOCKS.baseUrl(),
                citizens.path("reuseMode").asText(), String.format(Locale.UK, "%,d", citizens.path("timeoutMs").asInt()));
        screenshot("sources.png");
    }

    @Test
    void aSourceEditIsRefusedAtItsFieldThenAcceptedAndShownAsStored() {
        int configured = get("/api/v1/admin/sources/citizens", ADMIN_KEY).json().path("timeoutMs").asInt();
        openPage("sources/citizens");
        WebElement timeout = browser.waitFor(By.id("source-timeoutMs"));

        // the form's own check: a negative timeout, shown at the field, nothing sent
        timeout.clear();
        timeout.sendKeys("-5");
        driver().findElement(By.id("source-save")).click();
        assertThat(text(By.id("source-timeoutMs-error"))).contains("100", "120,000");
        assertThat(timeout.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(focused().getAttribute("id")).isEqualTo("source-timeoutMs");

        // the server's: a base URL with a query, named in errors[] and shown at its field
        timeout.clear();
        timeout.sendKeys("4000");
        WebElement baseUrl = driver().findElement(By.id("source-baseUrl"));
        baseUrl.clear();
        baseUrl.sendKeys(MOCKS.baseUrl() + "/?x=1");
        driver().findElement(By.id("source-save")).click();
        browser.waitForText(By.id("source-baseUrl-error"), "must not have a query or fragment");
        assertThat(text(By.id("source-status"))).contains("client.invalid_request");
        assertThat(driver().findElement(By.id("source-timeoutMs-error")).isDisplayed()).isFalse();
        assertThat(get("/api/v1/admin/sources/citizens", ADMIN_KEY).json().path("timeoutMs").asInt()).isEqualTo(configured);
        screenshot("source-edit.png");

        baseUrl.clear();
        baseUrl.sendKeys(MOCKS.baseUrl());
        driver().findElement(By.id("source-save")).click();

        assertThat(text(By.id("source-saved"))).contains("Saved");
        assertThat(driver().findElement(By.id("source-timeoutMs")).getAttribute("value")).isEqualTo("4000");
        assertThat(get("/api/v1/admin/sources/citizens", ADMIN_KEY).json().path("timeoutMs").asInt()).isEqualTo(4000);
        // the page opened again shows the stored value
        driver().navigate().refresh();
        waiting().until(d -> "4000".equals(d.findElement(By.id("source-timeoutMs")).getAttribute("value")));
    }

    @Test
    void aCatalogueEditIsRefusedAtItsRowThenStoredAndResetToTheShippedList() {
        openPage("catalogues");
        for (String name : List.of("ethnicity", "religion", "marital-status", "household-relation")) {
            browser.waitFor(By.id("catalogue-link-" + name));
        }
        assertThat(text(By.cssSelector("#catalogues-table tr:has(#catalogue-link-marital-status)")))
                .contains("3", "The shipped list");

        openPage("catalogues/marital-status");
        assertThat(browser.waitFor(By.id("catalogue-entry-code-3")).getAttribute("value")).isEqualTo("3");
        assertThat(driver().findElement(By.id("catalogue-reset")).isEnabled()).as("nothing stored to reset").isFalse();

        // the form's own check: a code without a name, marked in its row, nothing sent
        driver().findElement(By.id("catalogue-entry-add")).click();
        assertThat(focused().getAttribute("id")).isEqualTo("catalogue-entry-code-4");
        press("01");
        driver().findElement(By.id("catalogue-save")).click();
        assertThat(text(By.id("catalogue-entries-error"))).contains("Row 4");
        assertThat(driver().findElement(By.id("catalogue-entry-name-4")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver().findElement(By.id("catalogue-entry-code-1")).getAttribute("aria-invalid")).isNull();
        assertThat(focused().getAttribute("id")).isEqualTo("catalogue-entry-name-4");

        // the server's: 01 is the code 1 again (numeric codes), named entries[3].code and marked in row 4
        press("Góa vợ/chồng");
        driver().findElement(By.id("catalogue-save")).click();
        browser.waitForText(By.id("catalogue-entries-error"), "rows 4");
        assertThat(driver().findElement(By.id("catalogue-entry-code-4")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(text(By.id("catalogue-status"))).contains("client.invalid_request");
        assertThat(get("/api/v1/admin/catalogues/marital-status", ADMIN_KEY).json().path("stored").asBoolean()).isFalse();

        WebElement code = driver().findElement(By.id("catalogue-entry-code-4"));
        code.clear();
        code.sendKeys("4");
        driver().findElement(By.id("catalogue-save")).click();
        assertThat(text(By.id("catalogue-saved"))).contains("Catalogue saved");
        assertThat(text(By.id("catalogue-state"))).contains("Version 1", "hub-admin");
        JsonNode stored = get("/api/v1/admin/catalogues/marital-status", ADMIN_KEY).json();
        assertThat(stored.path("entries")).hasSize(4);
        assertThat(stored.path("entries").get(3).path("name").asText()).isEqualTo("Góa vợ/chồng");
        screenshot("catalogue-edit.png");

        driver().findElement(By.id("catalogue-reset")).click();
        confirm();
        browser.waitForText(By.id("catalogue-saved"), "shipped list again");
        assertThat(text(By.id("catalogue-state"))).isEqualTo("The shipped list");
        assertThat(driver().findElements(By.id("catalogue-entry-code-4"))).isEmpty();
        assertThat(jdbc.queryForList("SELECT action FROM audit_event WHERE target LIKE '%marital-status%' AND actor = 'hub-admin' "
                + "ORDER BY id DESC", String.class)).startsWith("catalogue.reset", "catalogue.change");
    }

    @Test
    void theSourceFormWorksWithTheKeyboardAlone() {
        openPage("sources/citizens");
        browser.waitFor(By.id("source-baseUrl")).click();

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            order.add(focused().getAttribute("id"));
            press(Keys.TAB);
        }
        order.add(focused().getAttribute("id"));
        assertThat(order).containsExactly("source-baseUrl", "source-timeoutMs", "source-connectTimeoutMs",
                "source-enabled", "source-reuseMode", "source-reuseTtlSeconds",
                "source-circuitBreaker-failureRateThreshold", "source-circuitBreaker-slidingWindowSize",
                "source-circuitBreaker-minimumNumberOfCalls", "source-circuitBreaker-waitInOpenStateMs",
                "source-circuitBreaker-permittedCallsInHalfOpenState", "source-save", "source-reset");

        // the reset asks first: the dialog takes the focus on "cancel", Escape closes it, the focus comes back
        press(Keys.ENTER);
        browser.waitFor(By.id("confirm-dialog"));
        assertThat(focused().getAttribute("id")).isEqualTo("confirm-dialog-cancel");
        press(Keys.ESCAPE);
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog.confirm"), 0));
        assertThat(focused().getAttribute("id")).isEqualTo("source-reset");

        // a value typed and Enter: saved
        for (int i = 0; i < 11; i++) {
            new Actions(driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        assertThat(focused().getAttribute("id")).isEqualTo("source-timeoutMs");
        new Actions(driver()).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform();
        press("3500");
        press(Keys.ENTER);

        browser.waitForText(By.id("source-saved"), "Saved");
        assertThat(get("/api/v1/admin/sources/citizens", ADMIN_KEY).json().path("timeoutMs").asInt()).isEqualTo(3500);
    }

    private JsonNode deadLetterOf(String dossierId) {
        JsonNode list = get("/api/v1/admin/dead-letters", ADMIN_KEY).json().path("deadLetters");
        return StreamSupport.stream(list.spliterator(), false)
                .filter(d -> dossierId.equals(d.path("details").path("hubDossierId").asText()))
                .findFirst().orElse(null);
    }

    @Test
    void aDeadLetterIsReplayedAndItsAuditRowShownFilteredByAction() {
        String dossierId = "FAIL-CONSOLE-" + System.nanoTime();
        assertThat(putDossier(dossierId, """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12",
                 "receivedAt": "2026-11-20T08:15:00+07:00", "channel": "POST", "status": "RECEIVED",
                 "applicant": {"idType": "OTHER", "idNumber": "B1234567"}, "components": []}
                """, PROVINCIAL_KEY).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> deadLetterOf(dossierId) != null);
        String id = deadLetterOf(dossierId).path("id").asText();
        // the portal accepts it now
        MOCKS.stubFor(WireMock.post(urlPathEqualTo("/dvcqg/api/v1/dongbohoso")).atPriority(0)
                .withRequestBody(matchingJsonPath("$.data[0].MaHoSo", equalTo(dossierId)))
                .willReturn(aResponse().withStatus(200).withBody("{\"error_code\":0}")));

        openPage("dead-letters");
        By row = By.cssSelector("#dead-letters-table tr[data-dead-letter-id='" + id + "']");
        // the newest dead letter is listed last: page on until it shows
        for (int page = 0; page < 200 && driver().findElements(row).isEmpty(); page++) {
            String count = text(By.id("dead-letters-count"));
            driver().findElement(By.cssSelector("#dead-letters-pager button:last-of-type")).click();
            waiting().until(d -> !count.equals(d.findElement(By.id("dead-letters-count")).getText()));
        }
        assertThat(browser.waitFor(row).getText()).contains("portal.sync", dossierId, "The portal answered HTTP 500");

        browser.waitFor(By.id("dead-letter-replay-" + id)).click();
        assertThat(text(By.id("confirm-dialog"))).contains(dossierId, "portal.sync");
        confirm();

        assertThat(text(By.id("dead-letter-replayed-" + id))).isEqualTo("Replayed");
        screenshot("dead-letters.png");
        await().atMost(Duration.ofSeconds(15)).until(() -> deadLetterOf(dossierId) == null);

        openPage("audit?action=dead-letter.replay");
        assertThat(new Select(browser.waitFor(By.id("audit-action"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("dead-letter.replay");
        WebElement table = browser.waitFor(By.id("audit-table"));
        assertThat(table.getText()).contains("dead letter " + id, "hub-admin", "done");
        List<WebElement> actions = table.findElements(By.cssSelector("tbody tr td:nth-child(3)"));
        assertThat(actions).isNotEmpty().allMatch(cell -> cell.getText().equals("dead-letter.replay"));
        screenshot("audit.png");
    }

    /** The names of the rows a table lists ({@code tr[data-source]}), and how many of them are shown. */
    @SuppressWarnings("unchecked")
    private List<String> listedSources(String tableId, boolean shownOnly) {
        return (List<String>) script("return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr[data-source]')]"
                + ".filter(tr => !arguments[1] || !tr.hidden).map(tr => tr.dataset.source);", tableId, shownOnly);
    }

    private void typeInto(String id, String text) {
        WebElement box = browser.waitFor(By.id(id));
        box.clear();
        box.sendKeys(text);
    }

    /** A hundred sources created by administrators: both pages list them all, and find one by its name. */
    @Test
    void theSourcesAndHealthPagesListAHundredSourcesAndFilterThem() throws IOException {
        ObjectNode settings = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("routes/examples/civil-status.settings.json"), StandardCharsets.UTF_8));
        settings.put("baseUrl", MOCKS.baseUrl());
        List<String> names = IntStream.rangeClosed(1, 100).mapToObj(i -> String.format(Locale.ROOT, "bulk-%03d", i)).toList();
        for (String name : names) {
            Response created = put("/api/v1/admin/sources/" + name, settings.toString(), ADMIN_KEY);
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            createdSources.add(name);
        }
        List<String> all = new ArrayList<>(names);
        all.addAll(List.of("citizens", "enterprises", "land"));

        long opening = System.nanoTime();
        openPage("sources");
        Duration sourcesDrawn = Duration.ofNanos(System.nanoTime() - opening);

        assertThat(sourcesDrawn).as("drawn within the wait").isLessThan(WAIT);
        assertThat(listedSources("sources-table", true)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(browser.waitFor(By.id("source-link-bulk-100")).getText()).isEqualTo("bulk-100");
        // a box labelled for keyboard and screen-reader users keeps the rows that match
        assertThat(text(By.cssSelector("label[for='sources-filter']"))).isEqualTo("Filter the sources");
        assertThat(text(By.id("sources-filter-status"))).isEqualTo("Showing 103 of 103.");
        typeInto("sources-filter", "BULK-042");
        assertThat(listedSources("sources-table", true)).containsExactly("bulk-042");
        assertThat(text(By.id("sources-filter-status"))).isEqualTo("Showing 1 of 103.");
        assertThat(focused().getAttribute("id")).isEqualTo("sources-filter");
        typeInto("sources-filter", "no-such-source");
        assertThat(listedSources("sources-table", true)).isEmpty();
        assertThat(text(By.id("sources-filter-status"))).contains("No row matches", "no-such-source");
        typeInto("sources-filter", "bulk-");
        assertThat(listedSources("sources-table", true)).containsExactlyInAnyOrderElementsOf(names);
        screenshot("sources-many.png");

        opening = System.nanoTime();
        openPage("health");
        Duration healthDrawn = Duration.ofNanos(System.nanoTime() - opening);

        assertThat(healthDrawn).as("drawn within the wait").isLessThan(WAIT);
        assertThat(listedSources("health-sources", true)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(text(By.cssSelector("#health-sources tr[data-source='bulk-100']"))).contains("bulk-100");
        assertThat(text(By.cssSelector("label[for='health-filter']"))).isEqualTo("Filter the sources");
        typeInto("health-filter", "bulk-077");
        assertThat(listedSources("health-sources", true)).containsExactly("bulk-077");
        // the page refreshes itself every 5 s: what was typed, the focus and the filtering stay
        String updated = text(By.id("health-updated"));
        waiting().until(d -> !updated.equals(d.findElement(By.id("health-updated")).getText()));
        assertThat(browser.waitFor(By.id("health-filter")).getDomProperty("value")).isEqualTo("bulk-077");
        assertThat(focused().getAttribute("id")).isEqualTo("health-filter");
        assertThat(listedSources("health-sources", true)).containsExactly("bulk-077");
        assertThat(listedSources("health-sources", false)).hasSize(all.size());
        screenshot("health-many.png");
    }

    @Test
    void theHealthPageShowsEverySourceLive() {
        openPage("health");

        for (String source : List.of("citizens", "enterprises", "land")) {
            WebElement row = browser.waitFor(By.cssSelector("#health-sources tr[data-source='" + source + "']"));
            assertThat(row.getText()).contains(source, "Up", "CLOSED");
        }
        assertThat(text(By.id("health-overall"))).contains("Up");
        assertThat(text(By.id("health-components"))).contains("db", "jms");
        screenshot("health.png");

        // refreshed while open: a source taken out of service shows it within the 5 s refresh
        assertThat(post("/api/v1/admin/routes/source.land.fetch/stop").status()).isEqualTo(200);
        browser.waitForText(By.cssSelector("#health-sources tr[data-source='land']"), "Down");
    }
}
