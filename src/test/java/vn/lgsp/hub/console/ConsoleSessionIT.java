package vn.lgsp.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/**
 * The web console's security (docs/console.md): sign-in with an API key, the session cookie, who am I,
 * sign-out; the session identifying API calls as its client, with the same role walls and audit as the
 * client's key; the CSRF token and the cross-site checks on unsafe requests; the console's headers.
 */
class ConsoleSessionIT extends HubIT {

    private static final String LAND = "/api/v1/admin/sources/land";

    private ConsoleSessionsClient console;

    @BeforeEach
    void console() {
        console = new ConsoleSessionsClient(port);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("X-Hub-Error").orElse(null)).isEqualTo(code);
        assertThat(ConsoleSessionsClient.json(response).path("code").asText()).isEqualTo(code);
    }

    /** An API request with the session's cookie and header name/value pairs, checked against the contract. */
    private Response api(String method, String path, String body, ConsoleSessionsClient.Session session,
                         String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Cookie", session.cookie())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** The land source's settings with another timeout, as a PUT body. */
    private String landWithTimeout(int timeoutMs) {
        ObjectNode settings = (ObjectNode) get(LAND, ADMIN_KEY).json();
        settings.put("timeoutMs", timeoutMs);
        return settings.toString();
    }

    private int landTimeout() {
        return get(LAND, ADMIN_KEY).json().path("timeoutMs").asInt();
    }

    private List<JsonNode> auditEvents(String correlationId) {
        List<JsonNode> found = new ArrayList<>();
        get("/api/v1/admin/audit?limit=1000", ADMIN_KEY).json().path("events").forEach(e -> {
            if (correlationId.equals(e.path("correlationId").asText())) {
                found.add(e);
            }
        });
        return found;
    }

    @Test
    void withoutAnIdentityProviderTheConsoleOffersApiKeysOnlyAndItsOAuth2PathsAre404() {
        JsonNode options = ConsoleSessionsClient.json(console.get(ConsoleOAuth2Login.OPTIONS));
        assertThat(options.path("apiKey").asBoolean()).isTrue();
        assertThat(options.path("oauth2").isNull()).isTrue();

        for (String path : List.of(ConsoleOAuth2Login.AUTHORIZATION, ConsoleOAuth2Login.CALLBACK + "?code=x&state=y")) {
            HttpResponse<String> response = console.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(ConsoleSessionsClient.json(response).path("code").asText()).isEqualTo("client.not_found");
            assertThat(ConsoleSessionsClient.setCookie(response)).as("no session started").isNull();
        }
    }

    @Test
    void signInAnswersTheClientAndSetsAStrictHttpOnlyCookie() {
        String id = "console-sign-in-" + System.nanoTime();
        HttpResponse<String> response = console.signInRaw("application/json", "{\"apiKey\":\"" + ADMIN_KEY + "\"}",
                "X-Correlation-Id", id);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = ConsoleSessionsClient.json(response);
        assertThat(body.path("client").asText()).isEqualTo("hub-admin");
        assertThat(body.path("roles").toString()).isEqualTo("[\"AUDITOR\",\"ADMIN\"]");
        assertThat(body.path("sources").isArray()).isTrue();
        assertThat(body.path("csrfToken").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(body.path("idleTimeoutSeconds").asLong()).isEqualTo(900);
        assertThat(body.toString()).doesNotContain(ADMIN_KEY);
        String cookie = ConsoleSessionsClient.setCookie(response);
        assertThat(cookie).contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/")
                .doesNotContain("Secure");
        assertThat(ConsoleSessionsClient.sessionId(response)).isNotBlank();
        JsonNode event = auditEvent(id);
        assertThat(event.path("actor").asText()).isEqualTo("hub-admin");
        assertThat(event.path("action").asText()).isEqualTo("console.sign-in");
        assertThat(event.path("target").asText()).isEqualTo("console");
        assertThat(event.path("outcome").asText()).isEqualTo("done");
    }

    @Test
    void anUnknownKeyIs401AndCountedNotStored() {
        double before = refusals("client.unauthenticated", "anonymous");
        Integer events = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class);

        HttpResponse<String> response = console.signInRaw("application/json", "{\"apiKey\":\"stolen-key-123\"}");

        assertProblem(response, 401, "client.unauthenticated");
        assertThat(response.body()).doesNotContain("stolen-key-123");
        assertThat(ConsoleSessionsClient.setCookie(response)).isNull();
        assertThat(refusals("client.unauthenticated", "anonymous")).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class)).isEqualTo(events);
    }

    @Test
    void aBodyThatIsNotJsonOrHasNoKeyIs400() {
        assertProblem(console.signInRaw("application/json", "apiKey=" + ADMIN_KEY), 400, "client.invalid_request");
        assertProblem(console.signInRaw("application/json", "{\"key\":\"" + ADMIN_KEY + "\"}"), 400,
                "client.invalid_request");
        assertProblem(console.signInRaw("application/json", "{\"apiKey\":42}"), 400, "client.invalid_request");
        assertProblem(console.signInRaw("application/json", ""), 400, "client.invalid_request");
        // what a form of another site could send
        assertProblem(console.signInRaw("text/plain", "{\"apiKey\":\"" + ADMIN_KEY + "\"}"), 415,
                "client.unsupported_media_type");
    }

    @Test
    void aClientSystemsSessionHasItsRolesAndGrantsOnly() {
        ConsoleSessionsClient.Session session = console.signIn(LAND_OFFICE_KEY);

        assertThat(session.body().path("client").asText()).isEqualTo("land-office");
        assertThat(session.body().path("roles").toString()).isEqualTo("[\"CLIENT\"]");
        assertThat(session.body().path("sources").toString()).isEqualTo("[\"land\"]");
        assertProblem(api("GET", "/api/v1/admin/audit", null, session), 403, "client.forbidden");
        assertProblem(api("GET", "/api/v1/reports/reuse", null, session), 403, "client.forbidden");
    }

    @Test
    void theSessionIdChangesAtSignIn() {
        ConsoleSessionsClient.Session first = console.signIn(AUDITOR_KEY);

        ConsoleSessionsClient.Session second = console.signIn(ADMIN_KEY, "Cookie", first.cookie());

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.csrfToken()).isNotEqualTo(first.csrfToken());
        assertProblem(console.whoAmI(first.cookie()), 401, "client.unauthenticated");
        assertThat(ConsoleSessionsClient.json(console.whoAmI(second.cookie())).path("client").asText())
                .isEqualTo("hub-admin");
    }

    @Test
    void whoAmIAnswersTheSessionWithTheSameToken() {
        ConsoleSessionsClient.Session session = console.signIn(AUDITOR_KEY);

        HttpResponse<String> response = console.whoAmI(session.cookie());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = ConsoleSessionsClient.json(response);
        assertThat(body.path("client").asText()).isEqualTo("inspectorate");
        assertThat(body.path("roles").toString()).isEqualTo("[\"AUDITOR\"]");
        assertThat(body.path("csrfToken").asText()).isEqualTo(session.csrfToken());
        assertThat(body.path("idleTimeoutSeconds").asLong()).isEqualTo(900);
        assertThat(ConsoleSessionsClient.setCookie(response)).isNull();
    }

    @Test
    void withoutASessionWhoAmIIs401() {
        assertProblem(console.whoAmI(null), 401, "client.unauthenticated");
        assertProblem(console.whoAmI(ConsoleSessionsClient.COOKIE + "=made-up"), 401, "client.unauthenticated");
    }

    @Test
    void signOutEndsTheSessionAndClearsTheCookie() {
        ConsoleSessionsClient.Session session = console.signIn(ADMIN_KEY);
        String id = "console-sign-out-" + System.nanoTime();

        HttpResponse<String> response = console.signOut(session.cookie(), "X-CSRF-Token", session.csrfToken(),
                "X-Correlation-Id", id);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(ConsoleSessionsClient.setCookie(response)).startsWith(ConsoleSessionsClient.COOKIE + "=;")
                .contains("Max-Age=0").contains("Path=/");
        assertProblem(console.whoAmI(session.cookie()), 401, "client.unauthenticated");
        assertProblem(api("GET", "/api/v1/admin/audit", null, session), 401, "client.unauthenticated");
        JsonNode event = auditEvent(id);
        assertThat(event.path("actor").asText()).isEqualTo("hub-admin");
        assertThat(event.path("action").asText()).isEqualTo("console.sign-out");
        assertThat(event.path("target").asText()).isEqualTo("console");
    }

    @Test
    void signOutNeedsTheCsrfToken() {
        ConsoleSessionsClient.Session session = console.signIn(ADMIN_KEY);

        assertProblem(console.signOut(session.cookie()), 403, "client.csrf_rejected");
        assertProblem(console.signOut(session.cookie(), "X-CSRF-Token", "wrong"), 403, "client.csrf_rejected");

        assertThat(console.whoAmI(session.cookie()).statusCode()).isEqualTo(200);
        assertProblem(console.signOut(ConsoleSessionsClient.COOKIE + "=made-up", "X-CSRF-Token", "x"), 401,
                "client.unauthenticated");
    }

    @Test
    void anAdminActionThroughTheSessionIsTheClientsApiCallAndAuditedAsSuch() {
        ConsoleSessionsClient.Session session = console.signIn(ADMIN_KEY);
        String viaSession = "console-admin-" + System.nanoTime();
        String viaKey = "key-admin-" + System.nanoTime();

        Response changed = api("PUT", LAND, landWithTimeout(1500), session,
                "X-CSRF-Token", session.csrfToken(), "X-Correlation-Id", viaSession);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(landTimeout()).isEqualTo(1500);
        Response byKey = put(LAND, landWithTimeout(1600), ADMIN_KEY, "X-Correlation-Id", viaKey);
        assertThat(byKey.status()).as(byKey.body()).isEqualTo(200);

        JsonNode sessionEvent = auditEvent(viaSession);
        JsonNode keyEvent = auditEvent(viaKey);
        assertThat(sessionEvent.path("actor").asText()).isEqualTo("hub-admin");
        for (String field : List.of("actor", "action", "target", "outcome")) {
            assertThat(sessionEvent.path(field)).as(field).isEqualTo(keyEvent.path(field));
        }
        assertThat(sessionEvent.path("action").asText()).isEqualTo("source.change");
        // a safe method needs no token
        assertThat(api("GET", "/api/v1/admin/audit?limit=1", null, session).status()).isEqualTo(200);
    }

    @Test
    void anUnsafeRequestWithoutTheTokenIsRefusedAndChangesNothing() {
        ConsoleSessionsClient.Session session = console.signIn(ADMIN_KEY);
        int before = landTimeout();
        double refused = refusals("client.csrf_rejected", "hub-admin");
        String missing = "console-no-token-" + System.nanoTime();
        String wrong = "console-wrong-token-" + System.nanoTime();

        assertProblem(api("PUT", LAND, landWithTimeout(before + 100), session, "X-Correlation-Id", missing),
                403, "client.csrf_rejected");
        assertProblem(api("PUT", LAND, landWithTimeout(before + 100), session, "X-Correlation-Id", wrong,
                "X-CSRF-Token", session.csrfToken() + "x"), 403, "client.csrf_rejected");
        assertProblem(api("POST", "/api/v1/admin/routes/reload", null, session), 403, "client.csrf_rejected");

        assertThat(landTimeout()).isEqualTo(before);
        assertThat(auditEvents(missing)).isEmpty();
        assertThat(auditEvents(wrong)).isEmpty();
        assertThat(refusals("client.csrf_rejected", "hub-admin")).isEqualTo(refused + 3);
    }

    @Test
    void anUnsafeRequestFromAnotherSiteIsRefusedEvenWithTheToken() {
        ConsoleSessionsClient.Session session = console.signIn(ADMIN_KEY);
        int before = landTimeout();

        assertProblem(api("PUT", LAND, landWithTimeout(before + 100), session, "X-CSRF-Token", session.csrfToken(),
                "Origin", "https://evil.example"), 403, "client.csrf_rejected");
        assertProblem(api("PUT", LAND, landWithTimeout(before + 100), session, "X-CSRF-Token", session.csrfToken(),
                "Origin", "null"), 403, "client.csrf_rejected");
        assertProblem(api("PUT", LAND, landWithTimeout(before + 100), session, "X-CSRF-Token", session.csrfToken(),
                "Sec-Fetch-Site", "cross-site"), 403, "client.csrf_rejected");
        assertThat(landTimeout()).isEqualTo(before);

        // the hub's own origin, as a browser sends it
        Response own = api("PUT", LAND, landWithTimeout(before + 100), session, "X-CSRF-Token", session.csrfToken(),
                "Origin", "http://127.0.0.1:" + port, "Sec-Fetch-Site", "same-origin");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
    }

    @Test
    void aSignInFromAnotherSiteIsRefused() {
        assertProblem(console.signInRaw("application/json", "{\"apiKey\":\"" + ADMIN_KEY + "\"}",
                "Origin", "https://evil.example"), 403, "client.csrf_rejected");
    }

    @Test
    void anAuditorsSessionMeetsTheSameRoleWalls() {
        ConsoleSessionsClient.Session session = console.signIn(AUDITOR_KEY);
        double forbidden = refusals("client.forbidden", "inspectorate");

        assertProblem(api("GET", "/api/v1/admin/audit", null, session), 403, "client.forbidden");
        assertProblem(api("POST", "/api/v1/admin/routes/reload", null, session, "X-CSRF-Token", session.csrfToken()),
                403, "client.forbidden");
        assertThat(api("GET", "/api/v1/reports/reuse", null, session).status()).isEqualTo(200);
        assertThat(refusals("client.forbidden", "inspectorate")).isEqualTo(forbidden + 2);
    }

    @Test
    void anApiKeyRequestNeverGetsASessionAndIsIdentifiedByItsKeyAlone() {
        Response byKey = get("/api/v1/admin/audit?limit=1", ADMIN_KEY);
        assertThat(byKey.status()).isEqualTo(200);
        assertThat(byKey.raw().headers().allValues("Set-Cookie")).isEmpty();

        ConsoleSessionsClient.Session auditor = console.signIn(AUDITOR_KEY);
        // an auditor's session with an administrator's key: the key's client
        Response withBoth = get("/api/v1/admin/audit?limit=1", ADMIN_KEY, "Cookie", auditor.cookie());
        assertThat(withBoth.status()).isEqualTo(200);
        assertThat(withBoth.raw().headers().allValues("Set-Cookie")).isEmpty();
        // an administrator's session with a wrong key: the key, refused
        ConsoleSessionsClient.Session admin = console.signIn(ADMIN_KEY);
        assertProblem(get("/api/v1/admin/audit?limit=1", "stolen-key", "Cookie", admin.cookie()), 401,
                "client.unauthenticated");
        // nor is a session used beside an Authorization header
        assertProblem(get("/api/v1/admin/audit?limit=1", null, "Cookie", admin.cookie(), "Authorization", "Basic eDp5"),
                401, "client.unauthenticated");
    }

    @Test
    void theConsolePageCarriesItsSecurityHeaders() {
        HttpResponse<String> page = console.get("/console/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<html");
        assertConsoleHeaders(page);
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();

        HttpResponse<String> bare = console.get("/console");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location").orElse("")).endsWith("/console/");
        assertConsoleHeaders(bare);
    }

    @Test
    void theUplotWebjarIsServedWithTheSameHeaders() {
        HttpResponse<String> script = console.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        HttpResponse<String> style = console.get("/webjars/uplot/1.6.30/dist/uPlot.min.css");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(script.body()).contains("uPlot");
        assertConsoleHeaders(script);
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertConsoleHeaders(style);
        // other webjars on the classpath are not served
        assertThat(console.get("/webjars/swagger-ui/").statusCode()).isEqualTo(404);
    }

    @Test
    void theConsolesFilesAreRevalidatedAndTheVersionedWebjarKeptAYear() {
        HttpResponse<String> script = console.get("/console/js/app.js");
        HttpResponse<String> uplot = console.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().allValues("Cache-Control")).containsExactly("no-cache");
        String lastModified = script.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(console.get("/console/js/app.js", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(uplot.headers().allValues("Cache-Control")).containsExactly("max-age=31536000, public, immutable");
        // the page itself never: it is the entry point of a signed-in session
        assertThat(console.get("/console/index.html").headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    private static void assertConsoleHeaders(HttpResponse<String> response) {
        assertThat(response.headers().allValues("Content-Security-Policy")).containsExactly("default-src 'none'; "
                + "script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(response.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(response.headers().allValues("Referrer-Policy")).containsExactly("no-referrer");
        assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
    }
}
