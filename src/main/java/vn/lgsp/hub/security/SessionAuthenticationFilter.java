package vn.lgsp.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.lgsp.hub.common.Problems;

/**
 * Identifies an API request that presents no other credential by its console session
 * ({@link SessionCredential}). A request with an API key, an {@code Authorization} header or a client
 * certificate is left to those filters at the cost of a header lookup, and its session, if any, is
 * never read.
 */
class SessionAuthenticationFilter extends OncePerRequestFilter {

    private static final String API_PREFIX = "/api/";

    private final SessionCredential sessions;
    private final Problems problems;
    private final Refusals refusals;

    SessionAuthenticationFilter(SessionCredential sessions, Problems problems, Refusals refusals) {
        this.sessions = sessions;
        this.problems = problems;
        this.refusals = refusals;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(API_PREFIX)
                || request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getAttribute(ClientCertificateAuthenticationFilter.CERTIFICATES_ATTRIBUTE) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HubClient client;
        try {
            client = sessions.authenticate(request);
        } catch (SessionCredential.Refused refused) {
            refusals.count(request, refused.client(), refused.code());
            problems.write(request, response, refused.code(), refused.getMessage(), List.of());
            return;
        }
        if (client != null) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new HubClientAuthentication(client));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
