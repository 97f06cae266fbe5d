package vn.lgsp.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code X-API-Key}. An unknown key, or more than one, leaves the request anonymous
 * (the entry point then answers 401); the reason is kept for the problem's detail. A request with a
 * key is identified by it alone: a bearer token or client certificate alongside is not considered.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    static final String FAILURE_ATTRIBUTE = "hub.authenticationFailure";

    private final ApiKeys apiKeys;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (presented(request) && Collections.list(request.getHeaders(HEADER)).size() > 1) {
            // which one would count is ambiguous (a proxy may read the last): neither does
            request.setAttribute(FAILURE_ATTRIBUTE, "X-API-Key must be sent once");
        } else if (presented(request)) {
            apiKeys.resolve(key).ifPresentOrElse(client -> {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new HubClientAuthentication(client));
                SecurityContextHolder.setContext(context);
            }, () -> request.setAttribute(FAILURE_ATTRIBUTE, "Unknown API key"));
        }
        chain.doFilter(request, response);
    }

    /** Whether the request carries an API key (and so no other credential counts). */
    static boolean presented(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        return key != null && !key.isEmpty();
    }
}
