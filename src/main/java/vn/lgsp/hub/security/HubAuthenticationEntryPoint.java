package vn.lgsp.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;

/**
 * Every 401 of the hub, whichever credential failed (API key, bearer token, client certificate):
 * counted ({@link Refusals}) and answered {@code client.unauthenticated} as problem+json. With bearer tokens accepted the
 * answer also carries {@code WWW-Authenticate: Bearer} (RFC 6750), with {@code error="invalid_token"}
 * when a token was presented and refused. A token that could not be checked at all, because its
 * issuer's keys could not be fetched, is 503 {@code hub.token_issuer_unavailable} instead.
 */
class HubAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final Problems problems;
    private final Refusals refusals;
    private final boolean bearerTokensAccepted;
    private final String missingCredential;

    HubAuthenticationEntryPoint(Problems problems, Refusals refusals, boolean bearerTokensAccepted,
                                boolean certificatesAccepted) {
        this.problems = problems;
        this.refusals = refusals;
        this.bearerTokensAccepted = bearerTokensAccepted;
        if (bearerTokensAccepted && certificatesAccepted) {
            missingCredential = "A credential is required: an X-API-Key header, a bearer token or a client certificate";
        } else if (bearerTokensAccepted) {
            missingCredential = "A credential is required: an X-API-Key header or a bearer token";
        } else if (certificatesAccepted) {
            missingCredential = "A credential is required: an X-API-Key header or a client certificate";
        } else {
            missingCredential = "X-API-Key header is required";
        }
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        if (failure instanceof AuthenticationServiceException) {
            // the token could not be checked (the issuer's key set did not answer): not the client's fault
            refusals.count(request, null, ErrorCode.TOKEN_ISSUER_UNAVAILABLE);
            response.setHeader("Retry-After", "5");
            problems.write(request, response, ErrorCode.TOKEN_ISSUER_UNAVAILABLE,
                    "The bearer token could not be checked: its issuer's signing keys cannot be read", List.of());
            return;
        }
        String reason;
        if (failure instanceof OAuth2AuthenticationException invalidToken) {
            reason = "Invalid bearer token: " + describe(invalidToken);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        } else {
            Object recorded = request.getAttribute(ApiKeyAuthenticationFilter.FAILURE_ATTRIBUTE);
            reason = recorded != null ? recorded.toString() : missingCredential;
            if (bearerTokensAccepted) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
        }
        refusals.count(request, null, ErrorCode.UNAUTHENTICATED);
        problems.write(request, response, ErrorCode.UNAUTHENTICATED, reason, List.of());
    }

    /**
     * Why a token was refused, in words the hub chose or Spring Security's claim validators wrote
     * (expiry, issuer, audience); a parser's message is not repeated, as it may quote the token.
     */
    private static String describe(OAuth2AuthenticationException failure) {
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JwtValidationException invalid) {
                return invalid.getErrors().stream().map(OAuth2Error::getDescription).collect(Collectors.joining("; "));
            }
        }
        if (failure.getCause() == null && failure.getError().getDescription() != null) {
            return failure.getError().getDescription();
        }
        return "malformed, or not signed by a trusted key";
    }
}
