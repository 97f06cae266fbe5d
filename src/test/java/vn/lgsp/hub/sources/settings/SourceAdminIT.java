package vn.lgsp.hub.sources.settings;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.lookup.SubjectParser;
import vn.lgsp.hub.sources.lookup.UpstreamTokens;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §6: a source's settings read and changed live by an administrator — validated, stored,
 * audited, applied from the next lookup on, and applied by every instance that hears the change.
 */
class SourceAdminIT extends HubIT {

    private static final String LAND = "/api/v1/admin/sources/land";
    private static final String FOUND = "/api/v1/land-parcels/25747/12/345";
    private static final String FAILING = "/api/v1/land-parcels/25747/99/500";

    @Autowired
    private SourceProperties configured;

    @Autowired
    private org.apache.camel.CamelContext camel;

    @Autowired
    private SourceSettingsStore store;

    @Autowired
    private SourceSettingsProperties settingsProperties;

    @Autowired
    private java.util.List<SubjectParser> parsers;

    /** The land source's current settings with some fields changed, as a PUT body. */
    private String landWith(Map<String, Object> changes) {
        ObjectNode settings = (ObjectNode) get(LAND, ADMIN_KEY).json();
        changes.forEach((field, value) -> {
            ObjectNode target = settings;
            String name = field;
            if (field.startsWith("circuitBreaker.")) {
                target = (ObjectNode) settings.path("circuitBreaker");
                name = field.substring("circuitBreaker.".length());
            }
            target.set(name, JSON.valueToTree(value));
        });
        return settings.toString();
    }

    private Response changeLand(Map<String, Object> changes) {
        Response response = put(LAND, landWith(changes), ADMIN_KEY);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    private int storedRows() {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM source_settings", Integer.class);
        return rows == null ? 0 : rows;
    }

    @Test
    void getAnswersTheConfiguredSettings() {
        Response response = get(LAND, ADMIN_KEY);

        assertThat(response.status()).isEqualTo(200);
        JsonNode land = response.json();
        assertThat(land.path("source").asText()).isEqualTo("land");
        assertThat(land.path("baseUrl").asText()).isEqualTo(MOCKS.baseUrl());
        assertThat(land.path("timeoutMs").asInt()).isEqualTo(1000);
        assertThat(land.path("connectTimeoutMs").asInt()).isEqualTo(1000);
        assertThat(land.path("enabled").asBoolean()).isTrue();
        assertThat(land.path("reuseMode").asText()).isEqualTo("off");
        assertThat(land.path("reuseTtlSeconds").asLong()).isEqualTo(86400);
        JsonNode breaker = land.path("circuitBreaker");
        assertThat(breaker.path("failureRateThreshold").asDouble()).isEqualTo(50.0);
        assertThat(breaker.path("slidingWindowSize").asInt()).isEqualTo(20);
        assertThat(breaker.path("minimumNumberOfCalls").asInt()).isEqualTo(10);
        assertThat(breaker.path("waitInOpenStateMs").asLong()).isEqualTo(30000);
        assertThat(breaker.path("permittedCallsInHalfOpenState").asInt()).isEqualTo(3);
    }

    @Test
    void theListHasEverySource() {
        Response response = get("/api/v1/admin/sources", ADMIN_KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("sources").findValuesAsText("source"))
                .containsExactly("citizens", "enterprises", "land");
        assertThat(response.json().path("sources").get(0).path("timeoutMs").asInt()).isEqualTo(1000);
    }

    @Test
    void aShorterTimeoutAppliesOnTheNextLookupAndALongerOneRestoresIt() {
        // the land database answers this parcel after 700 ms
        MOCKS.stubFor(WireMock.get(urlPathEqualTo("/vbdlis/api/thuadat")).atPriority(0)
                .withQueryParam("maXa", equalTo("25747")).withQueryParam("soHieuToBanDo", equalTo("12"))
                .withQueryParam("soThuTuThua", equalTo("345"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=UTF-8")
                        .withBodyFile("land/25747-12-345.json").withFixedDelay(700)));

        changeLand(Map.of("timeoutMs", 200));
        Response timedOut = lookup(FOUND);

        assertProblem(timedOut, 504, "source.timeout");

        changeLand(Map.of("timeoutMs", 5000));
        Response answered = lookup(FOUND);

        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().path("parcelNumber").asText()).isEqualTo("345");
    }

    @Test
    void aDisabledSourceAnswers503WithoutBeingCalled() {
        changeLand(Map.of("enabled", false));

        Response refused = lookup(FOUND);

        assertProblem(refused, 503, "source.unavailable");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));

        changeLand(Map.of("enabled", true));
        assertThat(lookup(FOUND).status()).isEqualTo(200);
    }

    @Test
    void newBreakerSettingsApplyToTheRunningRoute() {
        // configured, the breaker needs 10 calls before it may open; now 2 failures out of 2 open it
        changeLand(Map.of("circuitBreaker.slidingWindowSize", 2, "circuitBreaker.minimumNumberOfCalls", 2));
        assertThat(lookup(FAILING).status()).isEqualTo(502);
        assertThat(lookup(FAILING).status()).isEqualTo(502);
        MOCKS.resetRequests();

        Response refused = lookup(FOUND);

        assertProblem(refused, 503, "source.unavailable");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
        assertThat(sources.breaker("land").getState().name()).isEqualTo("OPEN");
    }

    @Test
    void aSourcesRouteIsMadeAgainWhenItsEndpointOrBreakerChangesAndKeptOtherwise() {
        org.apache.camel.Route before = camel.getRoute("source.land.fetch");

        changeLand(Map.of("reuseTtlSeconds", 600));
        assertThat(camel.getRoute("source.land.fetch")).as("reuse settings: the same route").isSameAs(before);

        changeLand(Map.of("timeoutMs", 2500));
        org.apache.camel.Route replaced = camel.getRoute("source.land.fetch");
        assertThat(replaced).as("a new endpoint: a new route").isNotSameAs(before);
        assertThat(replaced.getEndpoint()).isNotNull();
        assertThat(camel.getEndpoints()).anyMatch(e -> e.getEndpointUri().contains("responseTimeout=2500"));
        assertThat(lookup(FOUND).status()).isEqualTo(200);

        changeLand(Map.of("circuitBreaker.slidingWindowSize", 30));
        assertThat(camel.getRoute("source.land.fetch")).as("a new breaker: a new route").isNotSameAs(replaced);
        assertThat(lookup(FOUND).status()).isEqualTo(200);
    }

    @Test
    void aNewBaseUrlAppliesOnTheNextLookup() {
        // the same mock, under a path prefix only this test serves
        MOCKS.stubFor(WireMock.get(urlPathEqualTo("/moved/vbdlis/api/thuadat")).atPriority(0)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=UTF-8")
                        .withBodyFile("land/25747-12-345.json")));

        changeLand(Map.of("baseUrl", MOCKS.baseUrl() + "/moved"));

        assertThat(lookup(FOUND).status()).isEqualTo(200);
        MOCKS.verify(1, anyRequestedFor(urlPathEqualTo("/moved/vbdlis/api/thuadat")));
        MOCKS.verify(0, anyRequestedFor(urlPathEqualTo("/vbdlis/api/thuadat")));
    }

    @Test
    void invalidValuesAre400NamingEveryFieldAndChangeNothing() {
        String before = get(LAND, ADMIN_KEY).body();
        String invalid = landWith(Map.of("baseUrl", "ftp://files.example.vn", "timeoutMs", 5,
                "connectTimeoutMs", 600_000, "reuseMode", "sometimes", "reuseTtlSeconds", -1,
                "circuitBreaker.failureRateThreshold", 150, "circuitBreaker.waitInOpenStateMs", 0));

        Response response = put(LAND, invalid, ADMIN_KEY);

        assertProblem(response, 400, "client.invalid_request");
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "baseUrl", "timeoutMs", "connectTimeoutMs", "reuseMode", "reuseTtlSeconds",
                "circuitBreaker.failureRateThreshold", "circuitBreaker.waitInOpenStateMs");
        assertThat(response.body()).doesNotContain("files.example.vn").doesNotContain("sometimes");
        assertThat(get(LAND, ADMIN_KEY).body()).isEqualTo(before);
        assertThat(storedRows()).isZero();
    }

    @Test
    void missingFieldsAre400NamingEachOne() {
        Response response = put(LAND, "{\"timeoutMs\": 2000, \"circuitBreaker\": {}}", ADMIN_KEY);

        assertProblem(response, 400, "client.invalid_request");
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "baseUrl", "connectTimeoutMs", "enabled", "reuseMode", "reuseTtlSeconds",
                "circuitBreaker.failureRateThreshold", "circuitBreaker.slidingWindowSize",
                "circuitBreaker.minimumNumberOfCalls", "circuitBreaker.waitInOpenStateMs",
                "circuitBreaker.permittedCallsInHalfOpenState");
        assertThat(sources.settings("land").timeoutMs()).isEqualTo(1000);
        assertThat(storedRows()).isZero();
    }

    @Test
    void aBaseUrlWithoutAHostIs400() {
        Response response = put(LAND, landWith(Map.of("baseUrl", "http:/vbdlis")), ADMIN_KEY);

        assertProblem(response, 400, "client.invalid_request");
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactly("baseUrl");
        assertThat(storedRows()).isZero();
    }

    @Test
    void malformedJsonIs400() {
        Response response = put(LAND, "{\"timeoutMs\": ", ADMIN_KEY);

        assertProblem(response, 400, "client.invalid_request");
        assertThat(storedRows()).isZero();
    }

    @Test
    void anUnknownSourceIs404() {
        assertProblem(get("/api/v1/admin/sources/weather", ADMIN_KEY), 404, "client.not_found");
        assertProblem(delete("/api/v1/admin/sources/weather", ADMIN_KEY), 404, "client.not_found");
        // a PUT for a new name creates that source (ConfiguredSourceIT); the land's settings name land, and lack
        // the subject pattern a new source needs
        Response creation = put("/api/v1/admin/sources/weather", landWith(Map.of()), ADMIN_KEY);
        assertProblem(creation, 400, "client.invalid_request");
        assertThat(creation.json().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("source", "subjectPattern");
        assertProblem(get("/api/v1/admin/sources/weather", ADMIN_KEY), 404, "client.not_found");
        assertThat(storedRows()).isZero();
    }

    @Test
    void nonAdminsAreRefused() {
        assertProblem(get(LAND, AUDITOR_KEY), 403, "client.forbidden");
        assertProblem(get("/api/v1/admin/sources", PROVINCIAL_KEY), 403, "client.forbidden");
        assertProblem(put(LAND, landWith(Map.of("enabled", false)), PROVINCIAL_KEY), 403, "client.forbidden");
        assertProblem(delete(LAND, AUDITOR_KEY), 403, "client.forbidden");

        assertThat(sources.settings("land").enabled()).isTrue();
        assertThat(storedRows()).isZero();
    }

    @Test
    void aChangeIsStoredAndAuditedWithItsSettingsBeforeAndAfter() {
        String correlationId = "source-change-" + System.nanoTime();
        Response response = put(LAND, landWith(Map.of("timeoutMs", 2500)), ADMIN_KEY,
                "X-Correlation-Id", correlationId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("timeoutMs").asInt()).isEqualTo(2500);
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT timeout_ms, version, updated_by FROM source_settings WHERE source = 'land'");
        assertThat(row.get("timeout_ms")).isEqualTo(2500);
        assertThat(((Number) row.get("version")).longValue()).isEqualTo(1);
        assertThat(row.get("updated_by")).isEqualTo("hub-admin");

        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("actor").asText()).isEqualTo("hub-admin");
        assertThat(event.path("action").asText()).isEqualTo("source.change");
        assertThat(event.path("target").asText()).isEqualTo("source land");
        assertThat(event.path("outcome").asText()).isEqualTo("done");
        assertThat(event.path("before").path("timeoutMs").asInt()).isEqualTo(1000);
        assertThat(event.path("after").path("timeoutMs").asInt()).isEqualTo(2500);
        assertThat(event.path("after").path("baseUrl").asText()).isEqualTo(MOCKS.baseUrl());

        changeLand(Map.of("timeoutMs", 3000));
        assertThat(jdbc.queryForObject("SELECT version FROM source_settings WHERE source = 'land'", Long.class))
                .isEqualTo(2);
    }

    @Test
    void aRefusedChangeIsAudited() {
        String correlationId = "source-refused-" + System.nanoTime();
        put(LAND, landWith(Map.of("timeoutMs", 5)), ADMIN_KEY, "X-Correlation-Id", correlationId);

        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("action").asText()).isEqualTo("source.change");
        assertThat(event.path("outcome").asText()).isEqualTo("client.invalid_request");
        assertThat(event.path("detail").asText()).isEqualTo("invalid: timeoutMs");
        assertThat(event.path("after").isNull()).isTrue();
    }

    @Test
    void aResetReturnsTheSourceToItsConfigurationAndIsAudited() {
        changeLand(Map.of("timeoutMs", 2500, "enabled", false));
        String correlationId = "source-reset-" + System.nanoTime();

        Response response = delete(LAND, ADMIN_KEY, "X-Correlation-Id", correlationId);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("timeoutMs").asInt()).isEqualTo(1000);
        assertThat(storedRows()).isZero();
        assertThat(lookup(FOUND).status()).isEqualTo(200);
        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("action").asText()).isEqualTo("source.reset");
        assertThat(event.path("target").asText()).isEqualTo("source land");
        assertThat(event.path("before").path("timeoutMs").asInt()).isEqualTo(2500);
        assertThat(event.path("after").path("timeoutMs").asInt()).isEqualTo(1000);
        assertThat(event.path("after").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void aChangeIsAnnouncedOnTheTopic() throws Exception {
        try (Connection connection = jms.getConnectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer listener = session.createConsumer(session.createTopic(settingsProperties.topic()));
            connection.start();

            changeLand(Map.of("reuseTtlSeconds", 600));

            Message announced = listener.receive(10_000);
            assertThat(announced).isNotNull();
            assertThat(announced.getStringProperty(SourceAdministration.SOURCE_HEADER)).isEqualTo("land");
            assertThat(announced.getLongProperty(SourceAdministration.VERSION_HEADER)).isEqualTo(1);
        }
    }

    @Test
    void aChangeAnnouncedByAnotherInstanceIsApplied() {
        // another hub instance on the same database stores a change, then announces it
        jdbc.update("INSERT INTO source_settings (source, base_url, timeout_ms, connect_timeout_ms, enabled, reuse_mode, "
                        + "reuse_ttl_seconds, cb_failure_rate_threshold, cb_sliding_window_size, cb_minimum_number_of_calls, "
                        + "cb_wait_in_open_state_ms, cb_permitted_calls_in_half_open, version, updated_at, updated_by) "
                        + "VALUES ('land', ?, 1500, 1000, FALSE, 'off', 600, 50, 20, 10, 30000, 3, 1, ?, 'hub-admin')",
                MOCKS.baseUrl(), OffsetDateTime.now());
        assertThat(lookup(FOUND).status()).isEqualTo(200);

        jms.execute(session -> {
            TextMessage message = session.createTextMessage("land");
            message.setStringProperty(SourceAdministration.SOURCE_HEADER, "land");
            message.setLongProperty(SourceAdministration.VERSION_HEADER, 1);
            MessageProducer producer = session.createProducer(session.createTopic(settingsProperties.topic()));
            try {
                producer.send(message);
            } finally {
                producer.close();
            }
            return null;
        }, true);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !get(LAND, ADMIN_KEY).json().path("enabled").asBoolean());
        assertThat(get(LAND, ADMIN_KEY).json().path("timeoutMs").asInt()).isEqualTo(1500);
        assertProblem(lookup(FOUND), 503, "source.unavailable");
    }

    @Test
    void storedSettingsOverrideTheConfigurationAtStart() {
        changeLand(Map.of("timeoutMs", 4000, "reuseMode", "prefer-copy"));

        // what a hub instance starting on this database runs with
        Sources starting = new Sources(configured, store, parsers,
                new UpstreamTokens(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));

        assertThat(starting.settings("land").timeoutMs()).isEqualTo(4000);
        assertThat(starting.settings("land").reuseMode()).isEqualTo(SourceProperties.ReuseMode.PREFER_COPY);
        assertThat(starting.settings("citizens").timeoutMs()).isEqualTo(1000);
        assertThat(starting.endpointUri("land")).contains("responseTimeout=4000");
    }
}
