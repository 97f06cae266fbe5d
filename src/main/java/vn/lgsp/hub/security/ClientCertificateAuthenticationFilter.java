package vn.lgsp.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the client certificate of a mutual-TLS connection, for a request that carries no
 * other credential: an {@code X-API-Key}, or a bearer token when bearer tokens are accepted, takes
 * precedence and is then the only credential considered. An unmapped certificate leaves the request
 * anonymous (the entry point then answers 401).
 */
class ClientCertificateAuthenticationFilter extends OncePerRequestFilter {

    static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final ClientCertificates certificates;
    private final boolean bearerTokensAccepted;

    ClientCertificateAuthenticationFilter(ClientCertificates certificates, boolean bearerTokensAccepted) {
        this.certificates = certificates;
        this.bearerTokensAccepted = bearerTokensAccepted;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(CERTIFICATES_ATTRIBUTE) instanceof X509Certificate[] chainOfCertificates
                && chainOfCertificates.length > 0
                && !ApiKeyAuthenticationFilter.presented(request)
                && !(bearerTokensAccepted && bearerTokenPresented(request))) {
            certificates.resolve(chainOfCertificates[0]).ifPresentOrElse(client -> {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new HubClientAuthentication(client));
                SecurityContextHolder.setContext(context);
            }, () -> request.setAttribute(ApiKeyAuthenticationFilter.FAILURE_ATTRIBUTE,
                    "The client certificate is not mapped to a client"));
        }
        chain.doFilter(request, response);
    }

    private static boolean bearerTokenPresented(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6);
    }
}
