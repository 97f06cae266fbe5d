package vn.lgsp.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.lgsp.hub.support.Browser;
import vn.lgsp.hub.support.BrowserIT;
import vn.lgsp.hub.support.SecondContext;

/**
 * A console left idle past {@code hub.console.idle-timeout} (3 s here, in a context of its own): the next
 * thing the user does is refused by the hub, and the console says the session has ended and asks to sign
 * in again, with nothing of the signed-in pages left on screen.
 */
class ConsoleSessionExpiryBrowserIT extends BrowserIT {

    private static final Duration IDLE = Duration.ofSeconds(3);

    @DynamicPropertySource
    static void shortSessions(DynamicPropertyRegistry registry) {
        SecondContext.register(registry, "./target/test-data-console-expiry-browser");
        registry.add("hub.console.idle-timeout", () -> IDLE.toSeconds() + "s");
    }

    @Test
    void aSessionLeftIdleEndsAndTheNextActionAsksToSignInAgain() {
        browser.open("/console/").signIn(AUDITOR_KEY);
        browser.waitFor(By.id("figure-reuse-rate"));
        Cookie session = browser.driver().manage().getCookieNamed("LGSP_CONSOLE");
        assertThat(session).as("the console's session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();

        // the page asks nothing meanwhile; each look comes once the session has been idle past its timeout
        ConsoleSessionsClient console = new ConsoleSessionsClient(port);
        String cookie = session.getName() + "=" + session.getValue();
        await().pollDelay(IDLE.plusMillis(1500)).pollInterval(IDLE.plusMillis(1500)).atMost(Duration.ofSeconds(20))
                .until(() -> console.whoAmI(cookie).statusCode() == 401);

        // the user asks for another month: refused by the hub, the console asks to sign in again
        browser.driver().executeScript("window.location.hash = '#/dashboard?from=2026-01-01&to=2026-01-31'");
        browser.waitForText(By.id("sign-in-notice"), "Your session has ended");
        browser.waitFor(Browser.SIGN_IN_KEY);
        assertThat(browser.driver().findElements(By.id("dashboard-result"))).as("the dashboard, gone").isEmpty();
        assertThat(browser.driver().findElement(Browser.WHO).getText()).isEmpty();
        assertThat(browser.driver().findElement(Browser.SIGN_OUT).isDisplayed()).isFalse();

        // and signing in again opens the asked-for page
        browser.signIn(AUDITOR_KEY);
        browser.waitFor(By.id("figure-reuse-rate"));
        assertThat(browser.driver().getCurrentUrl()).contains("from=2026-01-01");
    }
}
