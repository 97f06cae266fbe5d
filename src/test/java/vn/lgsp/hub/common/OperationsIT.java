package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/** docs/api.md §7: health with a component per source, Prometheus metrics, the OpenAPI document. */
class OperationsIT extends HubIT {

    @Test
    void healthHasOneComponentPerSourceAndProbes() {
        JsonNode health = get("/actuator/health", null).json();

        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode sourcesHealth = health.path("components").path("sources").path("components");
        assertThat(sourcesHealth.fieldNames()).toIterable().containsExactlyInAnyOrder("citizens", "enterprises", "land");
        assertThat(sourcesHealth.path("citizens").path("details").path("circuitState").asText()).isEqualTo("CLOSED");
        assertThat(get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void aSourceWithAnOpenCircuitIsDownInHealth() {
        sources.breaker("land").transitionToOpenState();

        Response response = get("/actuator/health", null);

        assertThat(response.json().path("components").path("sources").path("components").path("land")
                .path("status").asText()).isEqualTo("DOWN");
        assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void prometheusHasLookupTimersBySourceAndOutcome() {
        lookup("/api/v1/citizens/074085000123");
        lookup("/api/v1/citizens/074085999999");

        String metrics = get("/actuator/prometheus", null).body();

        assertThat(metrics).contains("hub_lookups_seconds_count{application=\"lgsp-hub\",outcome=\"FOUND\",served_from=\"source\",source=\"citizens\"}");
        assertThat(metrics).contains("hub_lookups_seconds_count{application=\"lgsp-hub\",outcome=\"NOT_FOUND\",served_from=\"none\",source=\"citizens\"}");
    }

    @Test
    void openApiDescribesEveryLookup() {
        JsonNode paths = get("/v3/api-docs", null).json().path("paths");

        assertThat(paths.has("/api/v1/citizens/{personalId}")).isTrue();
        assertThat(paths.has("/api/v1/enterprises/{enterpriseCode}")).isTrue();
        assertThat(paths.has("/api/v1/land-parcels/{communeCode}/{mapSheet}/{parcelNumber}")).isTrue();
        assertThat(paths.path("/api/v1/citizens/{personalId}").path("get").path("responses").has("504")).isTrue();
    }

    @Test
    void probesAreAnsweredFromTheKeptAnswerWhichFollowsTheSourcesAtOnce() {
        Response first = get("/actuator/health", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Content-Type")).startsWith("application/vnd.spring-boot.actuator.v3+json");
        assertThat(first.header("X-Correlation-Id")).isNotBlank();
        assertThat(first.json().path("components").path("sources").path("components").path("enterprises")
                .path("status").asText()).isEqualTo("UP");

        sources.breaker("enterprises").transitionToOpenState();

        assertThat(get("/actuator/health", null).json().path("components").path("sources").path("components")
                .path("enterprises").path("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void aHealthRequestForAnotherMediaTypeIsAnsweredByTheEndpoint() {
        Response json = send(java.net.http.HttpRequest.newBuilder(uri("/actuator/health"))
                .header("Accept", "application/json").GET().build());

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json.json().path("components").has("sources")).isTrue();
    }
}
