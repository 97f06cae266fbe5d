package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/** The error contract of docs/api.md §1, field by field, wherever the failure arises. */
class ProblemContractIT extends HubIT {

    @Test
    void invalidPersonalIdIsAProblemDocumentFieldByField() {
        Response response = get("/api/v1/citizens/12345", PROVINCIAL_KEY, "X-Dossier-Id", "D-1",
                "X-Procedure-Code", "1.001612", "X-Correlation-Id", "corr-problem-1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("X-Hub-Error")).isEqualTo("client.invalid_personal_id");
        assertThat(response.header("X-Correlation-Id")).isEqualTo("corr-problem-1");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asText()).isEqualTo("urn:lgsp-hub:problem:client.invalid_personal_id");
        assertThat(problem.path("title").asText()).isEqualTo("Invalid personal identification number");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asText()).isEqualTo("The personal identification number must be exactly 12 digits");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/v1/citizens/12345");
        assertThat(problem.path("code").asText()).isEqualTo("client.invalid_personal_id");
        assertThat(problem.path("correlationId").asText()).isEqualTo("corr-problem-1");
        assertThat(problem.path("errors")).hasSize(1);
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("personalId");
        assertThat(problem.path("errors").get(0).path("message").asText()).isNotBlank();
    }

    @Test
    void theProblemNeverQuotesTheRejectedValue() {
        Response response = lookup("/api/v1/citizens/074299000123");

        assertThat(response.json().path("detail").asText()).isEqualTo(
                "The personal identification number encodes a birth year in the future");
        assertThat(response.body()).doesNotContain("074299000123\"}").doesNotContain("\"074299000123");
    }

    @Test
    void aGeneratedCorrelationIdIsEchoedAndInTheProblem() {
        Response response = lookup("/api/v1/enterprises/0100233489");

        String correlationId = response.header("X-Correlation-Id");
        assertThat(correlationId).matches("[0-9a-f-]{36}");
        assertThat(response.json().path("correlationId").asText()).isEqualTo(correlationId);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_enterprise_code");
    }

    @Test
    void anInvalidCorrelationIdIsRefused() {
        Response response = get("/api/v1/citizens/074085000123", PROVINCIAL_KEY, "X-Dossier-Id", "D-1",
                "X-Procedure-Code", "1.001612", "X-Correlation-Id", "has spaces and ; semicolons");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Correlation-Id");
    }

    @Test
    void invalidProcedureCodeNamesTheHeader() {
        Response response = get("/api/v1/citizens/074085000123", PROVINCIAL_KEY, "X-Dossier-Id", "D-1",
                "X-Procedure-Code", "1001612");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Procedure-Code");
    }

    @Test
    void unknownPathIsA404ProblemNotAnErrorPage() {
        Response response = get("/api/v1/no-such-thing", PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("client.not_found");
        assertThat(response.json().path("instance").asText()).isEqualTo("/api/v1/no-such-thing");
    }

    @Test
    void wrongMethodIsA405Problem() {
        Response response = send(HttpRequest.newBuilder(uri("/api/v1/citizens/074085000123"))
                .header("X-API-Key", PROVINCIAL_KEY).DELETE().build());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(405);
        assertThat(response.json().path("code").asText()).isEqualTo("client.method_not_allowed");
    }

    @Test
    void upstreamFailureDetailDoesNotLeakTheUpstreamBody() {
        Response response = lookup("/api/v1/citizens/074085000500");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).doesNotContain("MaKetQua").doesNotContain("<");
        assertThat(response.json().path("instance").asText()).isEqualTo("/api/v1/citizens/074085000500");
    }
}
