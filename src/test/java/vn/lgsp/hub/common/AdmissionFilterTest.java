package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Admission control: requests beyond the limit in flight are refused 503 at once, a place is
 * given back when the answer is complete (asynchronous answers included), and health is never refused.
 */
class AdmissionFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AdmissionFilter filter = new AdmissionFilter(new AdmissionProperties(1, 2), new Problems(JSON), meters);
    private final AtomicInteger served = new AtomicInteger();

    private MockHttpServletResponse send(String path, FilterChain chain) throws ServletException, IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setAsyncSupported(true);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    private MockHttpServletResponse send(String path) throws ServletException, IOException {
        return send(path, (request, response) -> served.incrementAndGet());
    }

    @Test
    void aRequestBeyondTheLimitIs503OverloadedAndNeverServed() throws Exception {
        AtomicReference<MockHttpServletResponse> second = new AtomicReference<>();
        MockHttpServletResponse first = send("/api/v1/citizens/074085000123", (request, response) -> {
            // while the first is in progress, a second arrives
            second.set(send("/api/v1/enterprises/0100109106"));
            served.incrementAndGet();
        });

        assertThat(first.getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = second.get();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
        assertThat(refused.getHeader(Problems.ERROR_HEADER)).isEqualTo("hub.overloaded");
        JsonNode problem = JSON.readTree(refused.getContentAsByteArray());
        assertThat(problem.path("code").asText()).isEqualTo("hub.overloaded");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(served).hasValue(1);
        assertThat(meters.get("hub.requests.refused").counter().count()).isEqualTo(1.0);
    }

    @Test
    void thePlaceIsFreeAgainOnceTheAnswerIsSent() throws Exception {
        assertThat(send("/api/v1/citizens/074085000123").getStatus()).isEqualTo(200);
        assertThat(send("/api/v1/citizens/074085000123").getStatus()).isEqualTo(200);
        assertThat(served).hasValue(2);
        assertThat(meters.get("hub.requests.in_flight").gauge().value()).isZero();
    }

    @Test
    void anAsynchronousAnswerHoldsItsPlaceUntilItIsComplete() throws Exception {
        AtomicReference<MockAsyncContext> pending = new AtomicReference<>();
        send("/api/v1/citizens/074085000123",
                (request, response) -> pending.set((MockAsyncContext) request.startAsync()));

        assertThat(meters.get("hub.requests.in_flight").gauge().value()).isEqualTo(1.0);
        assertThat(send("/api/v1/citizens/074085000123").getStatus()).isEqualTo(503);

        pending.get().complete();
        assertThat(meters.get("hub.requests.in_flight").gauge().value()).isZero();
        assertThat(send("/api/v1/citizens/074085000123").getStatus()).isEqualTo(200);
    }

    @Test
    void healthIsAnsweredEvenWhenTheApiIsFull() throws Exception {
        AtomicReference<MockHttpServletResponse> health = new AtomicReference<>();
        send("/api/v1/citizens/074085000123", (request, response) -> health.set(send("/actuator/health/readiness")));

        assertThat(health.get().getStatus()).isEqualTo(200);
        assertThat(served).hasValue(1);
    }
}
