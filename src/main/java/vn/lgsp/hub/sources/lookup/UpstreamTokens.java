package vn.lgsp.hub.sources.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.settings.SourceProperties;

/**
 * The OAuth2 access tokens of the sources configured with {@code hub.sources.<name>.auth.oauth2}:
 * client credentials (RFC 6749 §4.4), one token per source, kept in memory and renewed before it
 * expires. Concurrent calls that find no valid token wait for one request to the token endpoint
 * (single flight) and share its outcome, a token or a failure.
 *
 * <p>A token that cannot be obtained fails the call as {@code 503 source.unavailable}. Log lines
 * name the source and the token endpoint's HTTP status only: never a credential, a token or a body.
 * Counter {@code hub.upstream.tokens} (tags {@code source}, {@code outcome}: {@code issued},
 * {@code refused}, {@code failed}).
 */
@Component
public class UpstreamTokens {

    /** Used when the token endpoint does not say how long its token lives ({@code expires_in} is optional). */
    static final long DEFAULT_EXPIRES_IN_SECONDS = 300;
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamTokens.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    /** One JDK client per connect timeout (a JDK client's connect timeout is its own, not per request). */
    private final Map<Integer, HttpClient> clients = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public UpstreamTokens(MeterRegistry meters) {
        this.meters = meters;
    }

    /** A token, with what it was obtained for and when it is to be renewed (System.nanoTime). */
    record Token(String value, String key, long renewAtNanos) {

        boolean usableFor(String wanted) {
            return key.equals(wanted) && System.nanoTime() - renewAtNanos < 0;
        }

        @Override
        public String toString() {
            return "Token[renewAtNanos=" + renewAtNanos + "]";
        }
    }

    /** A source's token and the request for a new one in flight, if any. */
    private static final class Slot {
        private final ReentrantLock lock = new ReentrantLock();
        private Token token;
        private CompletableFuture<Token> flight;
    }

    /**
     * The source's current token, from the cache or fetched now.
     *
     * @throws HubException {@code source.unavailable} when no token can be obtained
     */
    public String token(String source, SourceProperties.Source settings) {
        SourceProperties.OAuth2 oauth2 = settings.auth().oauth2();
        URI url = tokenUrl(oauth2, settings.baseUrl());
        String key = url + " " + oauth2.clientId() + " " + oauth2.scope() + " " + oauth2.clientAuthentication();
        Slot slot = slots.computeIfAbsent(source, s -> new Slot());
        CompletableFuture<Token> flight;
        boolean mine = false;
        slot.lock.lock();
        try {
            if (slot.token != null && slot.token.usableFor(key)) {
                return slot.token.value();
            }
            if (slot.flight == null) {
                slot.flight = new CompletableFuture<>();
                mine = true;
            }
            flight = slot.flight;
        } finally {
            slot.lock.unlock();
        }
        if (mine) {
            Token fetched = null;
            RuntimeException failure = null;
            try {
                fetched = fetch(source, settings, oauth2, url, key);
            } catch (RuntimeException e) {
                failure = e;
            }
            slot.lock.lock();
            try {
                if (fetched != null) {
                    slot.token = fetched;
                }
                slot.flight = null;
            } finally {
                slot.lock.unlock();
            }
            if (failure != null) {
                flight.completeExceptionally(failure);
                throw failure;
            }
            flight.complete(fetched);
            return fetched.value();
        }
        try {
            return flight.get().value();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HubException hub) {
                throw new HubException(hub.code(), hub.getMessage());
            }
            throw unavailable(source, "could not be used");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(source, "could not be used");
        }
    }

    /**
     * Forgets a token the database refused (HTTP 401), unless another call already replaced it: the
     * next call fetches a new one.
     */
    public void drop(String source, String token) {
        Slot slot = slots.get(source);
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            if (slot.token != null && slot.token.value().equals(token)) {
                slot.token = null;
            }
        } finally {
            slot.lock.unlock();
        }
    }

    /** Forgets every token: each source fetches a new one on its next call. */
    void forgetAll() {
        slots.clear();
    }

    /** {@code token-url} as configured when absolute, else appended to the source's base URL. */
    static URI tokenUrl(SourceProperties.OAuth2 oauth2, URI baseUrl) {
        String configured = oauth2.tokenUrl();
        if (configured.startsWith("/")) {
            String base = baseUrl.toString();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + configured);
        }
        return URI.create(configured);
    }

    private Token fetch(String source, SourceProperties.Source settings, SourceProperties.OAuth2 oauth2, URI url,
                        String key) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (oauth2.scope() != null && !oauth2.scope().isBlank()) {
            form.append("&scope=").append(encode(oauth2.scope()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMillis(settings.timeoutMs()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (oauth2.clientAuthentication() == SourceProperties.ClientAuthentication.POST) {
            form.append("&client_id=").append(encode(oauth2.clientId()))
                    .append("&client_secret=").append(encode(oauth2.clientSecret()));
        } else {
            // RFC 6749 §2.3.1: the client id and secret are form-encoded before Basic encoding
            String pair = encode(oauth2.clientId()) + ":" + encode(oauth2.clientSecret());
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        request.POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8));

        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = client(settings.connectTimeoutMs()).send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES);
            }
        } catch (IOException e) {
            count(source, "failed");
            LOG.warn("upstream token request failed source={} cause={}", source, e.getClass().getName());
            throw unavailable(source, "could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            count(source, "failed");
            throw unavailable(source, "could not be reached");
        }
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            // RFC 6749 §5.2: invalid_client (401), invalid_grant, unauthorized_client, invalid_scope (400)
            count(source, "refused");
            LOG.warn("upstream token endpoint refused the hub's credentials source={} status={}", source, status);
            throw unavailable(source, "refused the hub's credentials");
        }
        if (status < 200 || status > 299) {
            count(source, "failed");
            LOG.warn("upstream token request failed source={} status={}", source, status);
            throw unavailable(source, "answered HTTP " + status);
        }
        long receivedNanos = System.nanoTime();
        Token token = read(body, oauth2, key, receivedNanos);
        if (token == null) {
            count(source, "failed");
            LOG.warn("upstream token endpoint answer unreadable source={} status={}", source, status);
            throw unavailable(source, "answered with no usable access token");
        }
        count(source, "issued");
        LOG.debug("upstream token issued source={}", source);
        return token;
    }

    /** RFC 6749 §5.1: {@code access_token}, {@code token_type} Bearer, optional {@code expires_in}; null if unusable. */
    private static Token read(byte[] body, SourceProperties.OAuth2 oauth2, String key, long receivedNanos) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (answer == null || !answer.isObject()) {
            return null;
        }
        JsonNode value = answer.get("access_token");
        if (value == null || !value.isTextual() || !headerSafe(value.asText())) {
            return null;
        }
        JsonNode type = answer.get("token_type");
        if (type != null && !type.isNull() && !"bearer".equals(type.asText().toLowerCase(Locale.ROOT))) {
            return null;
        }
        long expiresIn = DEFAULT_EXPIRES_IN_SECONDS;
        JsonNode expires = answer.get("expires_in");
        if (expires != null && !expires.isNull()) {
            if (expires.isNumber()) {
                expiresIn = expires.asLong();
            } else if (expires.isTextual() && expires.asText().matches("[0-9]{1,12}")) {
                expiresIn = Long.parseLong(expires.asText());
            } else {
                return null;
            }
        }
        if (expiresIn <= 0) {
            return null;
        }
        // renewed renew-before-seconds ahead of its expiry, or halfway through a shorter life
        long lifeMs = expiresIn * 1000;
        long marginMs = Math.min(oauth2.renewBeforeSeconds() * 1000, lifeMs / 2);
        return new Token(value.asText(), key, receivedNanos + Duration.ofMillis(lifeMs - marginMs).toNanos());
    }

    /** A token can go in a header as it is (RFC 6750 §2.1 b64token is narrower; printable ASCII is what matters here). */
    private static boolean headerSafe(String token) {
        if (token.isEmpty() || token.length() > 8192) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    private HttpClient client(int connectTimeoutMs) {
        return clients.computeIfAbsent(connectTimeoutMs, ms -> HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(ms))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    private void count(String source, String outcome) {
        Counter.builder("hub.upstream.tokens")
                .description("Requests for an access token to a national database's token endpoint, by outcome")
                .tag("source", source).tag("outcome", outcome)
                .register(meters).increment();
    }

    private static HubException unavailable(String source, String what) {
        return new HubException(ErrorCode.SOURCE_UNAVAILABLE, "The " + source + " database's token endpoint " + what);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
