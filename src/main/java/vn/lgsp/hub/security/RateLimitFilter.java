package vn.lgsp.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;

/** Answers 429 {@code client.rate_limited} with {@code Retry-After} to an authenticated client over its rate. */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;
    private final Problems problems;
    private final Refusals refusals;

    RateLimitFilter(RateLimits limits, Problems problems, Refusals refusals) {
        this.limits = limits;
        this.problems = problems;
        this.refusals = refusals;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HubClient client = CurrentClient.get();
        if (client != null) {
            long retryAfter = limits.acquire(client.id());
            if (retryAfter > 0) {
                refusals.count(request, client, ErrorCode.RATE_LIMITED);
                response.setHeader("Retry-After", Long.toString(retryAfter));
                problems.write(request, response, ErrorCode.RATE_LIMITED,
                        "Too many requests from this client; retry after " + retryAfter + " s", List.of());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
