package vn.lgsp.hub.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control: at most {@code hub.admission.max-in-flight} API requests in progress. One more
 * is refused at once with 503 {@code hub.overloaded} and {@code Retry-After}, before authentication
 * and before anything reaches a national database or the ledger, so an overload costs the hub a
 * short answer per request instead of a queue that grows until the heap runs out. A request answered
 * asynchronously holds its place until its answer is complete. Health and metrics endpoints are never
 * refused.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class AdmissionFilter extends OncePerRequestFilter {

    static final String API_PREFIX = "/api/";

    private final Semaphore permits;
    private final int maxInFlight;
    private final String retryAfter;
    private final Problems problems;
    private final Counter refused;

    AdmissionFilter(AdmissionProperties properties, Problems problems, MeterRegistry meters) {
        this.maxInFlight = properties.maxInFlight();
        this.permits = new Semaphore(maxInFlight);
        this.retryAfter = Integer.toString(properties.retryAfterSeconds());
        this.problems = problems;
        Gauge.builder("hub.requests.in_flight", this, AdmissionFilter::inFlight)
                .description("API requests in progress").register(meters);
        this.refused = Counter.builder("hub.requests.refused")
                .description("API requests refused 503 hub.overloaded").register(meters);
    }

    int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(API_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            refused.increment();
            response.setHeader("Retry-After", retryAfter);
            problems.write(request, response, ErrorCode.OVERLOADED,
                    "The hub is at its limit of requests in progress; retry after " + retryAfter + " s", List.of());
            return;
        }
        Release release = new Release(permits);
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(release);
            } else {
                release.run();
            }
        }
    }

    /** Gives the place back once, whichever of the async events comes first. */
    private static final class Release implements AsyncListener, Runnable {

        private final Semaphore permits;
        private final AtomicBoolean done = new AtomicBoolean();

        Release(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                permits.release();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            run();
        }

        @Override
        public void onError(AsyncEvent event) {
            run();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new async cycle of the same request: the place is still held
            event.getAsyncContext().addListener(this);
        }
    }
}
