package vn.lgsp.hub.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The console's session operations over HTTP, for the tests: {@code /console/session} is not part of the
 * API contract, so these requests bypass the contract check of {@code HubIT.send}. Cookies are sent and
 * read by hand, so that each test says which session a request carries.
 */
final class ConsoleSessionsClient {

    static final String COOKIE = "LGSP_CONSOLE";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;

    ConsoleSessionsClient(int port) {
        this.port = port;
    }

    /** A signed-in session: its cookie's value and what the sign-in answered. */
    record Session(String id, JsonNode body) {

        String csrfToken() {
            return body.path("csrfToken").asText();
        }

        String cookie() {
            return COOKIE + "=" + id;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> signInRaw(String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/console/session")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** Signs in with a key; fails unless the hub answers 200 with a session cookie. */
    Session signIn(String apiKey, String... headers) {
        HttpResponse<String> response = signInRaw("application/json", "{\"apiKey\":\"" + apiKey + "\"}", headers);
        if (response.statusCode() != 200) {
            throw new AssertionError("sign-in " + response.statusCode() + ": " + response.body());
        }
        String id = sessionId(response);
        if (id == null) {
            throw new AssertionError("no session cookie: " + response.headers().map());
        }
        return new Session(id, json(response));
    }

    HttpResponse<String> whoAmI(String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/console/session")).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request.build());
    }

    HttpResponse<String> signOut(String cookie, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/console/session")).header("Cookie", cookie).DELETE();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code Set-Cookie} header of the console's cookie, or null. */
    static String setCookie(HttpResponse<?> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> c.startsWith(COOKIE + "=")).findFirst().orElse(null);
    }

    /** The session id a response set in the console's cookie, or null. */
    static String sessionId(HttpResponse<?> response) {
        String cookie = setCookie(response);
        if (cookie == null) {
            return null;
        }
        int end = cookie.indexOf(';');
        return cookie.substring(COOKIE.length() + 1, end < 0 ? cookie.length() : end);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
