package vn.lgsp.hub.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.InvalidDestinationException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.lgsp.hub.catalogues.CatalogueAdministration;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.ledger.LedgerWriter;
import vn.lgsp.hub.procedures.Procedures;
import vn.lgsp.hub.security.RateLimits;
import vn.lgsp.hub.sources.lookup.Sources;

/**
 * Base of the full-context tests: the hub on a random port, with the national databases served
 * by WireMock from {@code mock-endpoints/} (the same fixtures integration testers use).
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"dev", "test"})
public abstract class HubIT {

    public static final String PROVINCIAL_KEY = "dev-provincial-key";
    public static final String LAND_OFFICE_KEY = "dev-land-office-key";
    public static final String AUDITOR_KEY = "dev-auditor-key";
    public static final String ADMIN_KEY = "dev-admin-key";

    protected static final WireMockServer MOCKS = new WireMockServer(options()
            .dynamicPort().bindAddress("127.0.0.1").usingFilesUnderDirectory("mock-endpoints"));
    protected static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Every request to the mocks that a lookup makes: not to the token endpoint of
     * mock-endpoints/mappings/auth.json, which a source authenticating with OAuth2 calls before its first
     * lookup (the token is then cached), nor to the portal ({@code /dvcqg/}) or the criminal-records service
     * ({@code /lltp/}), which the hub calls in the background for the dossiers and requests of other tests
     * (a request the mock keeps "processing" is polled again and again), nor to the identity provider
     * ({@code /sso/}) the console's OAuth2 login goes through.
     */
    protected static final UrlPattern DATABASE_CALLS = WireMock.urlMatching("(?!/ngsp/token|/dvcqg/|/lltp/|/sso/).*");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        MOCKS.start();
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected Sources sources;

    @Autowired
    protected CatalogueAdministration catalogueAdministration;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected Procedures procedures;

    @Autowired
    protected RateLimits rateLimits;

    @Autowired
    private LedgerWriter ledgerWriter;

    @Autowired
    protected JmsTemplate jms;

    @Autowired
    protected MeterRegistry meters;

    @DynamicPropertySource
    static void mockSources(DynamicPropertyRegistry registry) {
        registry.add("hub.criminal-records.base-url", MOCKS::baseUrl);
        for (String source : List.of("citizens", "enterprises", "land")) {
            registry.add("hub.sources." + source + ".base-url", MOCKS::baseUrl);
        }
        registry.add("hub.portal.base-url", MOCKS::baseUrl);
    }

    @BeforeEach
    void resetMocksAndBreakers() {
        MOCKS.resetToDefaultMappings();
        MOCKS.resetRequests();
        sources.restoreConfigured();
        catalogueAdministration.restoreShipped();
        procedures.restoreShipped();
        rateLimits.restoreConfigured();
        sources.names().forEach(name -> sources.breaker(name).reset());
        ledgerTables().update("DELETE FROM reuse_copy");
    }

    /**
     * The database once every lookup answered so far has its ledger row (and reuse copy) in it: the
     * ledger's journal moves rows there in batches, and the hub's own reads of them wait the same way.
     */
    protected JdbcTemplate ledgerTables() {
        assertThat(ledgerWriter.awaitImported()).as("the ledger's journal imported").isTrue();
        return jdbc;
    }

    /** A GET with the provincial system's key and valid lookup context headers. */
    protected Response lookup(String path) {
        return get(path, PROVINCIAL_KEY, "X-Dossier-Id", "000.00.12.H12-261120-0001", "X-Procedure-Code", "1.001612");
    }

    /** A GET with an API key (null for none) and header name/value pairs. */
    protected Response get(String path, String apiKey, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (apiKey != null) {
            all.add("X-API-Key");
            all.add(apiKey);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (!all.isEmpty()) {
            request.headers(all.toArray(String[]::new));
        }
        return send(request.build());
    }

    /** A PUT of a JSON body with an API key and header name/value pairs. */
    protected Response put(String path, String json, String apiKey, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("X-API-Key", apiKey)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A POST of a JSON body with an API key (null for none) and header name/value pairs. */
    protected Response postJson(String path, String json, String apiKey, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A DELETE with an API key and header name/value pairs. */
    protected Response delete(String path, String apiKey, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("X-API-Key", apiKey).DELETE();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** The audit event an administrator's request with this correlation id left. */
    protected JsonNode auditEvent(String correlationId) {
        JsonNode events = get("/api/v1/admin/audit?limit=1000", ADMIN_KEY).json().path("events");
        return StreamSupport.stream(events.spliterator(), false)
                .filter(e -> correlationId.equals(e.path("correlationId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no audit event " + correlationId));
    }

    /** A problem+json answer with this status and code, in the body and in {@code X-Hub-Error}. */
    protected static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("X-Hub-Error")).isEqualTo(code);
        assertThat(response.json().path("code").asText()).isEqualTo(code);
    }

    /** {@code PUT /api/v1/dossiers/{id}} with a JSON document. */
    protected Response putDossier(String dossierId, String json, String apiKey) {
        return send(HttpRequest.newBuilder(uri("/api/v1/dossiers/" + dossierId)).header("X-API-Key", apiKey)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@code POST /api/v1/dossiers/{id}/events} by the provincial system. */
    protected Response dossierEvent(String dossierId, String status, String at) {
        return dossierEvent(dossierId, "{\"status\": \"" + status + "\", \"at\": \"" + at + "\"}");
    }

    /** {@code POST /api/v1/dossiers/{id}/events} by the provincial system, with this body. */
    protected Response dossierEvent(String dossierId, String json) {
        return send(HttpRequest.newBuilder(uri("/api/v1/dossiers/" + dossierId + "/events"))
                .header("X-API-Key", PROVINCIAL_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** How many requests of this kind the hub refused for this client ({@code anonymous}: none identified), so far. */
    protected double refusals(String kind, String client) {
        Counter counter = meters.find("hub.refusals").tags("kind", kind, "client", client).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The dead-letter headers of the message on {@code queue} whose property {@code name} is {@code value}, once it is there. */
    protected Map<String, Object> deadLetter(String queue, String name, String value) {
        Map<String, Object> found = new HashMap<>();
        // the broker creates a dead-letter queue with its first message: until then, browsing it fails
        await().atMost(Duration.ofSeconds(5)).ignoreException(InvalidDestinationException.class).until(() -> {
            jms.browse(queue, (session, browser) -> {
                for (Object o : Collections.list(browser.getEnumeration())) {
                    Message m = (Message) o;
                    if (value.equals(m.getStringProperty(name))) {
                        for (String header : List.of(DeadLetterHeaders.ID, DeadLetterHeaders.REASON,
                                DeadLetterHeaders.ORIGINAL_QUEUE, DeadLetterHeaders.FAILED_AT)) {
                            found.put(header, m.getStringProperty(header));
                        }
                        found.put(DeadLetterHeaders.ATTEMPTS, m.getIntProperty(DeadLetterHeaders.ATTEMPTS));
                    }
                }
                return null;
            });
            return !found.isEmpty();
        });
        return found;
    }

    /**
     * Sends a request and checks the exchange against the contract ({@link ApiContract}): the
     * answer always, the request too (a request that breaks the document must be refused with a 4xx).
     */
    protected Response send(HttpRequest request) {
        return send(request, true);
    }

    /**
     * Sends a request that is malformed on purpose (hostile input): only the answer is checked
     * against the contract.
     */
    protected Response sendUnchecked(HttpRequest request) {
        return send(request, false);
    }

    private Response send(HttpRequest original, boolean requestChecked) {
        HttpRequest request = CitizenLookups.complete(original);
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        conforms(request, response, requestChecked);
        return new Response(response);
    }

    /** Checks an exchange made with another client (e.g. over TLS) against the contract. */
    protected static void conforms(HttpRequest request, HttpResponse<String> response, boolean requestChecked) {
        ApiContract.get().check(ApiContract.Exchange.of(request, response), requestChecked);
    }

    /** Checks the answer to a request sent over a raw socket ({@link RawHttp}) against the contract. */
    protected static void conforms(String method, String target, RawHttp.Answer answer) {
        ApiContract.get().check(new ApiContract.Exchange(method, target, Map.of(), null, answer.status(),
                answer.headers(), answer.body()), false);
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** An HTTP answer with its body read as JSON when it is JSON. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }
    }
}
