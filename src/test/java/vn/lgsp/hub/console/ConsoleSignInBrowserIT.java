package vn.lgsp.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.logging.LogEntry;
import vn.lgsp.hub.support.Browser;
import vn.lgsp.hub.support.BrowserIT;

/**
 * The console in a real browser (headless Chromium, {@code mvn verify -Pbrowser-it}): signing in through
 * the sign-in form, signing out, and a page of another origin that makes the browser post to the hub
 * while an administrator is signed in, refused.
 */
class ConsoleSignInBrowserIT extends BrowserIT {

    private static final String RELOAD = "/api/v1/admin/routes/reload";

    private HttpServer attacker;

    @AfterEach
    void stopAttacker() {
        if (attacker != null) {
            attacker.stop(0);
        }
    }

    private int reloads() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'routes.reload'",
                Integer.class);
        return count == null ? 0 : count;
    }

    /** A page on 127.0.0.1 at another port that posts a form to the hub as soon as it loads. */
    private int startAttacker() throws IOException {
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = ("<!doctype html><html><body><form id=\"forged\" method=\"post\" action=\"http://127.0.0.1:"
                + port + RELOAD + "\"><input type=\"hidden\" name=\"all\" value=\"yes\"></form>"
                + "<script>document.getElementById('forged').submit();</script></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        attacker.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
        return attacker.getAddress().getPort();
    }

    @Test
    void anAdministratorSignsInThroughTheFormAndSignsOut() {
        browser.open("/console/").signIn(ADMIN_KEY);

        browser.waitForText(Browser.WHO, "hub-admin");
        browser.screenshot(Browser.output().resolve("console-signed-in.png"));
        List<LogEntry> log = browser.consoleLog();
        assertThat(log).as("no content-security-policy violation").noneMatch(e -> e.getMessage()
                .contains("Content Security Policy"));

        browser.signOut();
        browser.screenshot(Browser.output().resolve("console-signed-out.png"));
        assertThat(browser.driver().findElement(Browser.WHO).getText()).doesNotContain("hub-admin");
        browser.open("/console/session");
        assertThat(browser.driver().getPageSource()).contains("client.unauthenticated");
    }

    @Test
    void aFormPostedFromAnotherOriginIsRefusedAndChangesNothing() throws IOException {
        browser.open("/console/").signIn(ADMIN_KEY);
        int reloadsBefore = reloads();
        double refusedBefore = refusals("client.csrf_rejected", "hub-admin");

        // same site (127.0.0.1), another origin: the browser sends the session's cookie; the hub refuses the
        // request all the same (no token, a foreign Origin)
        browser.open("http://127.0.0.1:" + startAttacker() + "/");
        browser.waitForUrl(RELOAD);

        assertThat(browser.driver().getPageSource()).contains("client.csrf_rejected");
        browser.screenshot(Browser.output().resolve("console-forged-post.png"));
        assertThat(refusals("client.csrf_rejected", "hub-admin")).isEqualTo(refusedBefore + 1);
        assertThat(reloads()).isEqualTo(reloadsBefore);

        // the administrator is still signed in: the forged request did not end the session either
        browser.open("/console/");
        browser.waitForText(Browser.WHO, "hub-admin");
    }

    @Test
    void aFormPostedFromAnotherSiteDoesNotCarryTheSession() throws IOException {
        browser.open("/console/").signIn(ADMIN_KEY);
        int reloadsBefore = reloads();

        // localhost is another site than 127.0.0.1: SameSite=Strict keeps the cookie off the request
        browser.open("http://localhost:" + startAttacker() + "/");
        browser.waitForUrl(RELOAD);

        assertThat(browser.driver().getPageSource()).contains("client.unauthenticated");
        assertThat(reloads()).isEqualTo(reloadsBefore);
    }
}
