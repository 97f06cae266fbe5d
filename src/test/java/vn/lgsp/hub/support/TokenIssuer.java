package vn.lgsp.hub.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An OAuth2 authorisation server's signing side, for tests: an RSA key whose public half the hub is
 * configured to trust ({@link #trustedBy}), and access tokens (JWT, RS256) signed with it for the
 * hub's audience {@value #AUDIENCE}. A second instance stands for an issuer the hub does not trust.
 */
public final class TokenIssuer {

    public static final String AUDIENCE = "lgsp-hub";
    public static final String ISSUER = "https://sso.test.lgsp.local/realms/lgsp";

    private final KeyPair key;

    public TokenIssuer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.key = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Bearer tokens on, checked with this issuer's public key (written as PEM under {@code target/<folder>})
     * and for the hub's audience.
     */
    public void trustedBy(DynamicPropertyRegistry registry, String folder) {
        Path pem = Path.of("target", folder, "issuer-public.pem").toAbsolutePath();
        try {
            Files.createDirectories(pem.getParent());
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("hub.security.oauth2.enabled", () -> "true");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> pem.toUri().toString());
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
    }

    /** A token for the hub's audience, issued ten minutes before {@code expiresAt}, with these claims too. */
    public String token(Instant expiresAt, Map<String, Object> claims) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer(ISSUER)
                .audience(AUDIENCE).subject("service-account").issueTime(Date.from(expiresAt.minusSeconds(600)))
                .expirationTime(Date.from(expiresAt));
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), set.build());
        try {
            jwt.sign(new RSASSASigner(key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A token valid for five minutes. */
    public String token(Map<String, Object> claims) {
        return token(Instant.now().plusSeconds(300), claims);
    }

    /** The claims of a client: its id, roles and source grants. */
    public static Map<String, Object> client(String id, List<String> roles, List<String> sources) {
        return Map.of("client_id", id, "roles", roles, "sources", sources);
    }
}
