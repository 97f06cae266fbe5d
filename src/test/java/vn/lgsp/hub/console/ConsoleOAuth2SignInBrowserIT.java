package vn.lgsp.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.lgsp.hub.support.Browser;
import vn.lgsp.hub.support.BrowserIT;
import vn.lgsp.hub.support.IdentityProvider;
import vn.lgsp.hub.support.SecondContext;
import vn.lgsp.hub.support.TokenIssuer;

/**
 * The console's OAuth2 login in a real browser: the provider (the mocks, on {@code localhost}) is another
 * site than the hub ({@code 127.0.0.1}), so Chromium's {@code SameSite=Strict} rule is the real one. An
 * administrator clicks the provider's button on the sign-in page and comes back signed in, at the page
 * asked for; a user who refuses at the provider comes back to the sign-in page, told why.
 */
class ConsoleOAuth2SignInBrowserIT extends BrowserIT {

    private static final IdentityProvider PROVIDER = new IdentityProvider(MOCKS);

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        SecondContext.register(registry, "./target/test-data-oauth2-browser");
        PROVIDER.register(registry, "oauth2-browser-it");
    }

    @AfterEach
    void forgetProvider() {
        PROVIDER.forget();
    }

    @Test
    void anAdministratorSignsInThroughTheProviderAndLandsOnThePageAskedFor() {
        PROVIDER.signsIn(TokenIssuer.client("sso-admin", List.of("ADMIN"), List.of()));

        browser.open("/console/#/audit");
        new Select(browser.waitFor(By.id("lang-select"))).selectByValue("en");
        browser.waitForText(By.id("sign-in-oauth2"), "Sign in with " + IdentityProvider.NAME);
        screenshot("sign-in-oauth2.png");
        browser.waitFor(By.id("sign-in-oauth2")).click();

        browser.waitForText(Browser.WHO, "sso-admin");
        browser.waitForUrl("#/audit");
        Cookie session = browser.driver().manage().getCookieNamed(ConsoleSessionsClient.COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(PROVIDER.tokenRequests()).isNotEmpty();
        // the admin page asked for is open, and the sign-in is in its audit trail as the token's client
        browser.waitForText(By.id("audit-body"), "console.sign-in");
        assertThat(browser.driver().getPageSource()).contains("through the identity provider lgsp-sso");
    }

    @Test
    void aUserWhoRefusesAtTheProviderIsToldSoOnTheSignInPage() {
        PROVIDER.userRefuses();

        browser.open("/console/");
        new Select(browser.waitFor(By.id("lang-select"))).selectByValue("en");
        browser.waitForText(By.id("sign-in-oauth2"), "Sign in with");
        browser.waitFor(By.id("sign-in-oauth2")).click();

        browser.waitForText(By.id("sign-in-notice"), "refused or cancelled");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("sign-in=");
        assertThat(browser.driver().findElement(Browser.WHO).getText()).isEmpty();
        browser.waitFor(Browser.SIGN_IN_KEY);
    }
}
