package vn.lgsp.hub.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The hub's session at the portal (docs/national-systems.md §5.2): a POST of the province's
 * {@code username} and {@code password} to the login address, with the {@code dstcode} header, answered
 * {@code {"session": …, "error_code": 0}}. The session goes in every envelope until it is
 * {@code session-ttl-seconds} old, or until the portal says it has expired; then the next delivery logs
 * in again. Deliveries that find no session wait for the one login in progress.
 *
 * <p>Log lines carry the portal's HTTP status and {@code error_code} only: never the credentials or the session.
 */
@Component
public class PortalSession {

    private static final Logger LOG = LoggerFactory.getLogger(PortalSession.class);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final PortalProperties properties;
    private final ObjectMapper json;
    private final HttpClient client;
    private Session current;

    PortalSession(PortalProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(properties.timeoutMs()))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A session and when it is to be renewed (System.nanoTime). */
    private record Session(String value, long renewAtNanos) {
    }

    /**
     * The current session, logging in first when there is none or it is too old.
     *
     * @throws PortalFailureException when the portal cannot be reached or refuses the login (the delivery is retried)
     */
    public synchronized String current() {
        if (current == null || System.nanoTime() - current.renewAtNanos() >= 0) {
            current = login();
        }
        return current.value();
    }

    /** Forgets a session the portal said has expired, unless a newer one already replaced it. */
    public synchronized void expired(String session) {
        if (current != null && current.value().equals(session)) {
            current = null;
        }
    }

    private Session login() {
        if (properties.username().isBlank()) {
            throw new PortalFailureException("The portal's account is not configured (hub.portal.username)");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", properties.username());
        body.put("password", properties.password());
        HttpResponse<InputStream> response;
        byte[] answer;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(address(properties.loginPath()))
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json; charset=utf-8");
            if (!properties.dstcode().isBlank()) {
                builder.header("dstcode", properties.dstcode());
            }
            HttpRequest request = builder
                    .timeout(Duration.ofMillis(properties.timeoutMs()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                    .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                answer = in.readNBytes(MAX_ANSWER_BYTES);
            }
        } catch (IOException e) {
            LOG.warn("portal login failed cause={}", e.getClass().getName());
            throw new PortalFailureException("The portal's login could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortalFailureException("The portal's login was interrupted", e);
        }
        if (response.statusCode() != 200) {
            LOG.warn("portal login failed status={}", response.statusCode());
            throw new PortalFailureException("The portal's login answered HTTP " + response.statusCode());
        }
        JsonNode node;
        try {
            node = json.readTree(answer);
        } catch (IOException e) {
            node = null;
        }
        PortalAnswer outcome = PortalAnswer.read(node, java.util.List.of());
        JsonNode session = node == null ? null : node.get("session");
        if (outcome.kind() != PortalAnswer.Kind.SUCCESS || session == null || !session.isTextual()
                || session.asText().isBlank()) {
            LOG.warn("portal login refused error_code={}", outcome.code());
            throw new PortalFailureException("The portal refused the hub's login (error_code " + outcome.code() + ")");
        }
        LOG.debug("portal session opened");
        return new Session(session.asText(), System.nanoTime() + Duration.ofSeconds(properties.sessionTtlSeconds()).toNanos());
    }

    private URI address(String path) {
        String base = properties.baseUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
