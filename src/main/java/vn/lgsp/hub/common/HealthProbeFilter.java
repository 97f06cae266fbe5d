package vn.lgsp.hub.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.jackson.EndpointObjectMapper;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the probes of {@code GET /actuator/health} (no query, no particular {@code Accept}) from the
 * last answer the health endpoint gave, before the rest of the filter chain: a load balancer or an
 * orchestrator may probe thousands of times a second. The kept answer is made again by the endpoint
 * itself when it is older than {@code hub.health.cache-ms} (default 1000 ms), or at once when what the
 * hub holds in memory changes ({@link LiveHealth}: a source's breaker, route or enabled flag; the
 * application's liveness and readiness). Checks that leave the hub's memory are cached for as long
 * ({@link HealthCaching}). Any other health request (a component, a group, another media type) goes
 * through the whole chain to the endpoint as before.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class HealthProbeFilter extends OncePerRequestFilter {

    static final String PATH = "/actuator/health";

    private final ObjectProvider<HealthEndpoint> endpoint;
    private final ObjectProvider<HttpCodeStatusMapper> statuses;
    private final ObjectProvider<EndpointObjectMapper> endpointJson;
    private final ObjectMapper json;
    private final List<LiveHealth> live;
    private final ApplicationAvailability availability;
    private final long ttlNanos;
    private volatile Answer answer;

    HealthProbeFilter(ObjectProvider<HealthEndpoint> endpoint, ObjectProvider<HttpCodeStatusMapper> statuses,
                      ObjectProvider<EndpointObjectMapper> endpointJson, ObjectMapper json, List<LiveHealth> live,
                      ApplicationAvailability availability, HealthCaching caching) {
        this.endpoint = endpoint;
        this.statuses = statuses;
        this.endpointJson = endpointJson;
        this.json = json;
        this.live = live;
        this.availability = availability;
        this.ttlNanos = caching.ttlNanos();
    }

    private record Answer(int fingerprint, long madeAt, int status, byte[] body) {
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getQueryString() != null
                || !PATH.equals(request.getRequestURI()) || endpoint.getIfAvailable() == null) {
            return true;
        }
        String accept = request.getHeader("Accept");
        return accept != null && !accept.equals("*/*");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Answer current = current();
        response.setStatus(current.status());
        response.setContentType(ApiVersion.LATEST.getProducedMimeType().toString());
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Expires", "0");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-XSS-Protection", "0");
        response.setContentLength(current.body().length);
        response.getOutputStream().write(current.body());
    }

    private Answer current() throws IOException {
        int fingerprint = fingerprint();
        Answer kept = answer;
        if (kept != null && kept.fingerprint() == fingerprint && System.nanoTime() - kept.madeAt() < ttlNanos) {
            return kept;
        }
        synchronized (this) {
            kept = answer;
            if (kept != null && kept.fingerprint() == fingerprint && System.nanoTime() - kept.madeAt() < ttlNanos) {
                return kept;
            }
            long madeAt = System.nanoTime();
            HealthComponent health = endpoint.getObject().health();
            HttpCodeStatusMapper mapper = statuses.getIfAvailable(() -> HttpCodeStatusMapper.DEFAULT);
            ObjectMapper writer = endpointJson.getIfAvailable() == null ? json : endpointJson.getObject().get();
            kept = new Answer(fingerprint, madeAt, mapper.getStatusCode(health.getStatus()), writer.writeValueAsBytes(health));
            answer = kept;
            return kept;
        }
    }

    private int fingerprint() {
        int fingerprint = Objects.hash(availability.getLivenessState(), availability.getReadinessState());
        for (LiveHealth part : live) {
            fingerprint = 31 * fingerprint + part.fingerprint();
        }
        return fingerprint;
    }
}
