package vn.lgsp.hub.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.JsonBodies;
import vn.lgsp.hub.common.Problems;
import vn.lgsp.hub.security.ApiKeys;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.security.Refusals;
import vn.lgsp.hub.security.Role;

/**
 * Sign-in, "who am I" and sign-out of the web console (docs/console.md): {@code /console/session}. Not
 * part of the API contract (docs/openapi.yaml): the console's pages are its only caller. Sign-in takes
 * a client's API key; the session then identifies that client's API requests, with its roles and
 * grants ({@link ConsoleSessions}). Sign-in and sign-out are audited; a refused
 * sign-in is counted ({@link Refusals}), never stored.
 */
@RestController
class ConsoleSessionController {

    static final String PATH = "/console/session";
    static final String SIGN_IN = "console.sign-in";
    static final String SIGN_OUT = "console.sign-out";
    private static final String TARGET = "console";

    private final ConsoleSessions sessions;
    private final ApiKeys apiKeys;
    private final AuditLog audit;
    private final Refusals refusals;
    private final Problems problems;
    private final ObjectMapper json;

    ConsoleSessionController(ConsoleSessions sessions, ApiKeys apiKeys, AuditLog audit, Refusals refusals,
                             Problems problems, ObjectMapper json) {
        this.sessions = sessions;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.refusals = refusals;
        this.problems = problems;
        this.json = json;
    }

    /** What the console knows of its session: who signed in, what they may do, the token unsafe requests carry. */
    record SessionView(String client, List<String> roles, List<String> sources, String csrfToken,
                       long idleTimeoutSeconds) {
    }

    @PostMapping(PATH)
    void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String foreign = CrossSite.foreignOrigin(request);
        if (foreign != null) {
            refusals.count(request, null, ErrorCode.CSRF_REJECTED);
            problems.write(request, response, ErrorCode.CSRF_REJECTED, foreign, List.of());
            return;
        }
        String apiKey;
        try {
            apiKey = apiKey(request);
        } catch (HubException e) {
            problems.write(request, response, e);
            return;
        }
        Optional<HubClient> resolved = apiKeys.resolve(apiKey);
        if (resolved.isEmpty()) {
            refusals.count(request, null, ErrorCode.UNAUTHENTICATED);
            problems.write(request, response, ErrorCode.UNAUTHENTICATED, "Unknown API key", List.of());
            return;
        }
        HubClient client = resolved.get();
        ConsoleSession state = sessions.signIn(request, client, false);
        audit.record(client.id(), SIGN_IN, TARGET, "done", null);
        writeView(response, client, state);
    }

    @GetMapping(PATH)
    void whoAmI(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Optional<ConsoleSessions.Live> live = sessions.live(request);
        if (live.isEmpty()) {
            noSession(request, response);
            return;
        }
        writeView(response, live.get().client(), live.get().state());
    }

    @DeleteMapping(PATH)
    void signOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Optional<ConsoleSessions.Live> live = sessions.live(request);
        if (live.isEmpty()) {
            noSession(request, response);
            return;
        }
        String refusal = CrossSite.refusal(request, live.get().state());
        if (refusal != null) {
            refusals.count(request, live.get().client(), ErrorCode.CSRF_REJECTED);
            problems.write(request, response, ErrorCode.CSRF_REJECTED, refusal, List.of());
            return;
        }
        ConsoleSessions.end(live.get().session());
        audit.record(live.get().client().id(), SIGN_OUT, TARGET, "done", null);
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(ConsoleCookie.NAME, "")
                .path("/").maxAge(0).httpOnly(true).secure(sessions.properties().secureCookie()).sameSite("Strict")
                .build().toString());
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** The key of a sign-in's body: {@code {"apiKey": "..."}}, JSON in UTF-8. */
    private String apiKey(HttpServletRequest request) throws IOException {
        String contentType = request.getContentType();
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || type.getCharset() != null && !"UTF-8".equalsIgnoreCase(type.getCharset().name())) {
            // a form of another site can send only form data or text: it cannot sign a browser in
            throw new HubException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json in UTF-8");
        }
        byte[] body = request.getInputStream().readNBytes(JsonBodies.MAX_BYTES + 1);
        if (body.length > JsonBodies.MAX_BYTES) {
            throw new HubException(ErrorCode.PAYLOAD_TOO_LARGE, "The body is over 256 KiB");
        }
        JsonNode document;
        try {
            document = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "The body is not JSON");
        }
        JsonNode key = document == null ? null : document.get("apiKey");
        if (key == null || !key.isTextual() || key.asText().isEmpty()) {
            boolean bearer = document != null && document.has("bearerToken");
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "apiKey", bearer
                    ? "is required: here the console signs in with an API key; with bearer tokens on, "
                    + "sign in through the identity provider (" + ConsoleOAuth2Login.AUTHORIZATION + ")"
                    : "is required: a JSON object {\"apiKey\": \"...\"}");
        }
        return key.asText();
    }

    private void noSession(HttpServletRequest request, HttpServletResponse response) throws IOException {
        problems.write(request, response, ErrorCode.UNAUTHENTICATED, "No console session: sign in", List.of());
    }

    private void writeView(HttpServletResponse response, HubClient client, ConsoleSession state) throws IOException {
        List<String> roles = Arrays.stream(Role.values()).filter(client.roles()::contains).map(Role::name).toList();
        SessionView view = new SessionView(client.id(), roles, client.sources().stream().sorted().toList(),
                state.csrfToken(), sessions.properties().idleTimeout().toSeconds());
        byte[] body = json.writeValueAsBytes(view);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
