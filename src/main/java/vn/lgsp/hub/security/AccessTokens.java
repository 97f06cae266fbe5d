package vn.lgsp.hub.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * An OAuth2 access token read as the API reads a bearer token: checked by the same decoder (issuer's
 * signature, expiry, audiences of {@code spring.security.oauth2.resourceserver.jwt.*}) and turned into
 * a client by the same claims ({@link BearerTokens}). For a caller that receives a token itself rather
 * than in an {@code Authorization} header: the web console's OAuth2 login.
 */
@Component
public class AccessTokens {

    private final BearerTokens bearerTokens;
    private final ObjectProvider<JwtDecoder> decoder;

    AccessTokens(BearerTokens bearerTokens, ObjectProvider<JwtDecoder> decoder) {
        this.bearerTokens = bearerTokens;
        this.decoder = decoder;
    }

    /** Whether bearer tokens identify clients ({@code hub.security.oauth2.enabled}, with a token issuer). */
    public boolean enabled() {
        return bearerTokens.enabled() && decoder.getIfAvailable() != null;
    }

    /**
     * The client this token identifies, with the roles and grants its claims give.
     *
     * @throws Refused when tokens are off or this one is not valid for the hub (the message says why, never
     *                 quoting the token)
     */
    public HubClient clientOf(String token) throws Refused {
        JwtDecoder jwt = decoder.getIfAvailable();
        if (!bearerTokens.enabled() || jwt == null) {
            throw new Refused("bearer tokens are not accepted (hub.security.oauth2.enabled)");
        }
        try {
            return bearerTokens.convert(jwt.decode(token)).getPrincipal();
        } catch (JwtException | org.springframework.security.core.AuthenticationException e) {
            throw new Refused(e.getMessage());
        }
    }

    /** A token that identifies no client. */
    public static final class Refused extends Exception {

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
