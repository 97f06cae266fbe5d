package vn.lgsp.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.IdentityProvider;
import vn.lgsp.hub.support.OAuth2HubIT;
import vn.lgsp.hub.support.TokenIssuer;

/**
 * The console's OAuth2 login over HTTP, a browser's steps made one by one (docs/console.md): the
 * authorization code flow with PKCE against a provider the mocks play, the cookie a browser withholds on
 * its way back from the provider's site, the session the token's claims open, and each way a sign-in
 * fails, none of which opens a session.
 */
class ConsoleOAuth2LoginIT extends OAuth2HubIT {

    private static final Pattern REFRESH = Pattern.compile("http-equiv=\"refresh\" content=\"0;url=([^\"]+)\"");

    private ConsoleSessionsClient console;

    @BeforeEach
    void client() {
        console = new ConsoleSessionsClient(port);
        MOCKS.resetRequests();
    }

    @AfterEach
    void forgetProvider() {
        IDENTITY_PROVIDER.forget();
    }

    /** A browser's cookie jar for the console's cookie, and its way through the sign-in. */
    private final class Browser {

        String cookie;

        HttpResponse<String> get(String pathOrUrl) {
            URI target = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : console.uri(pathOrUrl);
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).GET();
            // the browser sends the hub's cookie to the hub only
            if (cookie != null && target.getHost().equals("127.0.0.1")) {
                request.header("Cookie", ConsoleSessionsClient.COOKIE + "=" + cookie);
            }
            HttpResponse<String> response = ConsoleSessionsClient.send(request.build());
            String set = ConsoleSessionsClient.sessionId(response);
            if (set != null) {
                cookie = set.isEmpty() ? null : set;
            }
            return response;
        }

        /** Starts a sign-in and follows the provider back to the hub's callback, as a navigation from the provider's site. */
        HttpResponse<String> backFromProvider(String start) {
            HttpResponse<String> toProvider = get(start);
            assertThat(toProvider.statusCode()).as(toProvider.body()).isEqualTo(302);
            HttpResponse<String> provider = get(location(toProvider));
            assertThat(provider.statusCode()).as("the provider's answer").isEqualTo(302);
            // SameSite=Strict: a navigation the provider's site started carries no cookie of the hub
            String remembered = cookie;
            cookie = null;
            HttpResponse<String> arrival = get(location(provider));
            cookie = remembered;
            return arrival;
        }

        /** The whole sign-in: to the provider, back, and the same address again from the hub's own page. */
        HttpResponse<String> signIn(String start) {
            HttpResponse<String> arrival = backFromProvider(start);
            assertThat(arrival.statusCode()).as(arrival.body()).isEqualTo(200);
            Matcher again = REFRESH.matcher(arrival.body());
            assertThat(again.find()).as(arrival.body()).isTrue();
            return get(again.group(1).replace("&amp;", "&"));
        }
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String s256(String verifier) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private int signInsOf(String actor) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'console.sign-in' "
                + "AND actor = ? AND detail = 'through the identity provider lgsp-sso'", Integer.class, actor);
        return count == null ? 0 : count;
    }

    @Test
    void theSignInOptionsNameTheProvider() {
        JsonNode options = ConsoleSessionsClient.json(console.get(ConsoleOAuth2Login.OPTIONS));

        assertThat(options.path("apiKey").asBoolean()).isTrue();
        assertThat(options.path("oauth2").path("name").asText()).isEqualTo(IdentityProvider.NAME);
        assertThat(options.path("oauth2").path("path").asText()).isEqualTo("/console/oauth2/authorization");
    }

    @Test
    void anAdministratorSignsInThroughTheProviderWithPkceAndGetsTheTokensRoles() throws Exception {
        IDENTITY_PROVIDER.signsIn(TokenIssuer.client("sso-admin", List.of("ADMIN"), List.of()));
        int before = signInsOf("sso-admin");
        Browser browser = new Browser();

        HttpResponse<String> toProvider = browser.get("/console/oauth2/authorization?return=%23%2Froutes");
        assertThat(toProvider.statusCode()).isEqualTo(302);
        assertThat(ConsoleSessionsClient.setCookie(toProvider)).contains("HttpOnly").contains("SameSite=Strict");
        String started = browser.cookie;
        Map<String, String> asked = query(location(toProvider));
        assertThat(location(toProvider)).startsWith(IDENTITY_PROVIDER.base() + IdentityProvider.AUTHORIZE);
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", IdentityProvider.CLIENT_ID)
                .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/console/oauth2/callback")
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge");
        assertThat(asked.get("scope")).contains("openid");

        // the provider answers; the browser arrives without the hub's cookie, and is sent again from the hub's site
        browser.cookie = started;
        HttpResponse<String> provider = browser.get(location(toProvider));
        browser.cookie = null;
        HttpResponse<String> arrival = browser.get(location(provider));
        assertThat(arrival.statusCode()).isEqualTo(200);
        assertThat(arrival.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(arrival.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(arrival.headers().firstValue("Referrer-Policy").orElse("")).isEqualTo("no-referrer");
        assertThat(IDENTITY_PROVIDER.tokenRequests()).as("no code exchanged before the session is known").isEmpty();
        browser.cookie = started;
        Matcher again = REFRESH.matcher(arrival.body());
        assertThat(again.find()).isTrue();
        HttpResponse<String> signedIn = browser.get(again.group(1).replace("&amp;", "&"));

        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        assertThat(location(signedIn)).isEqualTo("/console/#/routes");
        assertThat(browser.cookie).as("a new session, not the one the sign-in started").isNotEqualTo(started);
        // the code exchanged once, with the verifier whose S256 hash the authorization request carried
        List<LoggedRequest> exchanged = IDENTITY_PROVIDER.tokenRequests();
        assertThat(exchanged).hasSize(1);
        Map<String, String> form = query("http://x/?" + exchanged.get(0).getBodyAsString());
        assertThat(form).containsEntry("grant_type", "authorization_code").containsEntry("code", IdentityProvider.CODE)
                .containsEntry("redirect_uri", asked.get("redirect_uri"));
        assertThat(s256(form.get("code_verifier"))).isEqualTo(asked.get("code_challenge"));
        assertThat(exchanged.get(0).getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (IdentityProvider.CLIENT_ID + ":" + IdentityProvider.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> whoAmI = console.whoAmI(ConsoleSessionsClient.COOKIE + "=" + browser.cookie);
        assertThat(whoAmI.statusCode()).isEqualTo(200);
        JsonNode session = ConsoleSessionsClient.json(whoAmI);
        assertThat(session.path("client").asText()).isEqualTo("sso-admin");
        assertThat(session.path("roles").toString()).isEqualTo("[\"ADMIN\"]");
        assertThat(console.whoAmI(ConsoleSessionsClient.COOKIE + "=" + started).statusCode())
                .as("the session the sign-in started is over").isEqualTo(401);
        assertThat(signInsOf("sso-admin")).isEqualTo(before + 1);

        // the session opens the admin API as the token's client, with its CSRF token
        HttpResponse<String> routes = console.get("/api/v1/admin/routes", "Cookie",
                ConsoleSessionsClient.COOKIE + "=" + browser.cookie);
        assertThat(routes.statusCode()).as(routes.body()).isEqualTo(200);
    }

    @Test
    void anAuditorsTokenOpensAnAuditorsSessionThatTheAdminApiRefuses() {
        IDENTITY_PROVIDER.signsIn(TokenIssuer.client("sso-auditor", List.of("AUDITOR"), List.of()));
        Browser browser = new Browser();

        HttpResponse<String> signedIn = browser.signIn("/console/oauth2/authorization");

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(location(signedIn)).isEqualTo("/console/");
        String cookie = ConsoleSessionsClient.COOKIE + "=" + browser.cookie;
        assertThat(ConsoleSessionsClient.json(console.whoAmI(cookie)).path("roles").toString()).isEqualTo("[\"AUDITOR\"]");
        assertThat(console.get("/api/v1/admin/routes", "Cookie", cookie).statusCode()).isEqualTo(403);
        assertThat(console.get("/api/v1/reports/reuse?from=2024-01-01&to=2024-01-31", "Cookie", cookie).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aUserWhoRefusesAtTheProviderIsNotSignedIn() {
        IDENTITY_PROVIDER.userRefuses();
        Browser browser = new Browser();

        HttpResponse<String> back = browser.signIn("/console/oauth2/authorization");

        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(location(back)).isEqualTo("/console/?sign-in=denied");
        assertThat(IDENTITY_PROVIDER.tokenRequests()).isEmpty();
        assertThat(console.whoAmI(ConsoleSessionsClient.COOKIE + "=" + browser.cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void aCodeTheTokenEndpointRefusesSignsNobodyIn() {
        IDENTITY_PROVIDER.tokenEndpointRefuses();
        Browser browser = new Browser();

        HttpResponse<String> back = browser.signIn("/console/oauth2/authorization");

        assertThat(location(back)).isEqualTo("/console/?sign-in=failed");
        assertThat(IDENTITY_PROVIDER.tokenRequests()).hasSize(1);
        assertThat(console.whoAmI(ConsoleSessionsClient.COOKIE + "=" + browser.cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenThatIsNotTheHubsSignsNobodyIn() {
        Map<String, Object> claims = new LinkedHashMap<>(TokenIssuer.client("sso-admin", List.of("ADMIN"), List.of()));
        claims.put("aud", "another-service");
        IDENTITY_PROVIDER.signsIn(claims);
        Browser browser = new Browser();

        HttpResponse<String> back = browser.signIn("/console/oauth2/authorization");

        assertThat(location(back)).isEqualTo("/console/?sign-in=refused");
        assertThat(console.whoAmI(ConsoleSessionsClient.COOKIE + "=" + browser.cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenThatNamesNoClientSignsNobodyIn() {
        IDENTITY_PROVIDER.signsIn(Map.of("roles", List.of("ADMIN")));
        Browser browser = new Browser();

        HttpResponse<String> back = browser.signIn("/console/oauth2/authorization");

        assertThat(location(back)).isEqualTo("/console/?sign-in=refused");
    }

    @Test
    void anAnswerWithAnotherStateIsRefusedAndNoCodeIsExchanged() {
        IDENTITY_PROVIDER.signsIn(TokenIssuer.client("sso-admin", List.of("ADMIN"), List.of()));
        Browser browser = new Browser();
        browser.get("/console/oauth2/authorization");

        // an answer made for another sign-in (a code the attacker got for their own account)
        HttpResponse<String> forged = browser.get("/console/oauth2/callback?code=" + IdentityProvider.CODE
                + "&state=another-state&hop=1");

        assertThat(forged.statusCode()).isEqualTo(303);
        assertThat(location(forged)).isEqualTo("/console/?sign-in=expired");
        assertThat(IDENTITY_PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void anAnswerNoSignInOfThisBrowserAskedForIsRefused() {
        Browser browser = new Browser();

        HttpResponse<String> first = browser.get("/console/oauth2/callback?code=x&state=y");
        HttpResponse<String> again = browser.get("/console/oauth2/callback?code=x&state=y&hop=1");

        assertThat(first.statusCode()).as("sent again from the hub's own page first").isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(location(again)).isEqualTo("/console/?sign-in=expired");
        assertThat(browser.cookie).isNull();
    }

    @Test
    void aStrayAnswerDoesNotEndASessionAlreadySignedIn() {
        ConsoleSessionsClient.Session signedIn = console.signIn(ADMIN_KEY);
        Browser browser = new Browser();
        browser.cookie = signedIn.id();

        HttpResponse<String> stray = browser.get("/console/oauth2/callback?code=x&state=y&hop=1");

        assertThat(location(stray)).isEqualTo("/console/?sign-in=expired");
        assertThat(console.whoAmI(signedIn.cookie()).statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressToComeBackToThatLeavesTheConsoleIsIgnored() {
        IDENTITY_PROVIDER.signsIn(TokenIssuer.client("sso-admin", List.of("ADMIN"), List.of()));
        Browser browser = new Browser();

        HttpResponse<String> signedIn = browser.signIn("/console/oauth2/authorization?return=%2F%2Fevil.example%2F");

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(location(signedIn)).isEqualTo("/console/");
    }
}
