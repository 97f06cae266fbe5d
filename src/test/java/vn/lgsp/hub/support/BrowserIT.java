package vn.lgsp.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A console test in headless Chromium ({@code mvn verify -Pbrowser-it}): a browser for the hub of this
 * test's context, opened before each test and closed after it, once it is checked that the page broke
 * no rule of the content-security policy. Screenshots for {@code docs/console.md} go to
 * {@value #SCREENSHOTS}.
 */
public abstract class BrowserIT extends HubIT {

    protected static final String SCREENSHOTS = "target/console-screenshots";
    private static final Duration WAIT = Duration.ofSeconds(20);

    protected Browser browser;

    @BeforeEach
    void openBrowser() {
        assertThat(Browser.installed()).as("%s and %s (apt-get install chromium chromium-driver)",
                Browser.CHROMIUM, Browser.CHROMEDRIVER).isTrue();
        browser = new Browser("http://127.0.0.1:" + port);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            List<LogEntry> log;
            try {
                log = browser.consoleLog();
            } finally {
                browser.close();
                browser = null;
            }
            assertThat(log).as("no content-security-policy violation")
                    .noneMatch(e -> e.getMessage().contains("Content Security Policy"));
        }
    }

    /** Runs a script in the page and returns what it returns. */
    protected Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(js, args);
    }

    /** Waits up to 20 s. */
    protected WebDriverWait waiting() {
        return new WebDriverWait(browser.driver(), WAIT);
    }

    /** Opens {@code #/<hash>} of the console (signed in) and waits until that page has drawn its first data. */
    protected void openPage(String hash) {
        script("const m = document.getElementById('main'); if (m) { m.removeAttribute('data-rendered-ms'); }");
        browser.open("/console/#/" + hash);
        String page = hash.split("[/?]")[0];
        waiting().until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "const m = document.getElementById('main'); return !!m && m.dataset.page === arguments[0] && !!m.dataset.renderedMs",
                page)));
    }

    /** A screenshot of the page from its top, for docs/console.md. */
    protected Path screenshot(String name) {
        return screenshot(name, null);
    }

    /** A screenshot of the page from this element on (or its top, {@code fromId} null), for docs/console.md. */
    protected Path screenshot(String name, String fromId) {
        script("document.activeElement && document.activeElement.blur();"
                + "const from = arguments[0] && document.getElementById(arguments[0]);"
                + "if (from) { from.scrollIntoView({block: 'start'}); } else { window.scrollTo(0, 0); }", fromId);
        return browser.screenshot(Path.of(SCREENSHOTS).resolve(name));
    }
}
