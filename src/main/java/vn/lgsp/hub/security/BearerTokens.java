package vn.lgsp.hub.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * Turns a verified OAuth2 access token (a JWT, checked by Spring Security's resource server) into
 * the same {@link HubClientAuthentication} an API key gives, so that roles, source grants, the
 * ledger, audit and rate limits treat both alike.
 *
 * <p>The token carries the grants: its client id, its roles and its source grants come from claims,
 * so that the authorisation server that issues the tokens is where such clients are managed and
 * the hub needs no entry for them. Unknown role values are ignored. The client id is never taken
 * from {@code sub}: in a token issued to a person it names that person, and the client id is
 * written to the ledger and the audit trail. Data minimisation stays in one place: a token client
 * whose id is also an entry of {@code hub.security.clients} (which needs no API key) receives that
 * entry's field lists.
 */
@Component
class BearerTokens implements Converter<Jwt, HubClientAuthentication> {

    /** What the ledger and the audit trail accept as a client id. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    private static final String FALLBACK_CLIENT_ID_CLAIM = "azp";

    private final Properties properties;
    private final Map<String, Map<String, Set<String>>> fieldsByClient = new HashMap<>();

    BearerTokens(Properties properties, SecurityProperties security) {
        this.properties = properties;
        security.clients().forEach(c -> fieldsByClient.put(c.id(), c.fields()));
    }

    boolean enabled() {
        return properties.enabled();
    }

    @Override
    public HubClientAuthentication convert(Jwt jwt) {
        String id = stringClaim(jwt, properties.clientIdClaim());
        if (id == null) {
            id = stringClaim(jwt, FALLBACK_CLIENT_ID_CLAIM);
        }
        if (id == null) {
            throw new InvalidBearerTokenException("The bearer token names no client (claim "
                    + properties.clientIdClaim() + " or " + FALLBACK_CLIENT_ID_CLAIM + ")");
        }
        if (!CLIENT_ID.matcher(id).matches()) {
            throw new InvalidBearerTokenException("The bearer token's client id is not 1-64 characters [A-Za-z0-9._:@-]");
        }
        Set<Role> roles = new LinkedHashSet<>();
        for (String value : values(jwt, properties.rolesClaim())) {
            for (Role role : Role.values()) {
                if (role.name().equals(value.toUpperCase(Locale.ROOT))) {
                    roles.add(role);
                }
            }
        }
        return new HubClientAuthentication(new HubClient(id, roles, values(jwt, properties.sourcesClaim()),
                fieldsByClient.getOrDefault(id, Map.of())));
    }

    private static String stringClaim(Jwt jwt, String path) {
        Object value = claim(jwt, path);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /** A claim's values: a JSON array of strings, or one string of space-separated values (as {@code scope}). */
    private static Set<String> values(Jwt jwt, String path) {
        Object value = claim(jwt, path);
        Set<String> values = new LinkedHashSet<>();
        if (value instanceof Collection<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).map(String::trim)
                    .filter(v -> !v.isEmpty()).forEach(values::add);
        } else if (value instanceof String s) {
            for (String v : s.trim().split("\\s+")) {
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /** A claim by name, or by a dotted path into nested objects (Keycloak's {@code realm_access.roles}). */
    private static Object claim(Jwt jwt, String path) {
        if (jwt.hasClaim(path)) {
            return jwt.getClaims().get(path);
        }
        Object current = jwt.getClaims();
        for (String name : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> object)) {
                return null;
            }
            current = object.get(name);
        }
        return current;
    }

    /**
     * {@code hub.security.oauth2.*}. The token's issuer and keys are Spring Boot's
     * {@code spring.security.oauth2.resourceserver.jwt.*} ({@code issuer-uri}, {@code jwk-set-uri} or
     * {@code public-key-location}, and {@code audiences}).
     *
     * @param enabled whether a bearer token identifies a client at all
     * @param clientIdClaim the claim holding the client id ({@code azp} when the token has no such claim)
     * @param rolesClaim the claim holding the roles ({@code CLIENT}, {@code AUDITOR}, {@code ADMIN}); a dotted path reaches into objects
     * @param sourcesClaim the claim holding the source grants ({@code citizens}, {@code enterprises}, {@code land}, {@code criminal-records})
     */
    @ConfigurationProperties("hub.security.oauth2")
    record Properties(@DefaultValue("false") boolean enabled,
                      @DefaultValue("client_id") String clientIdClaim,
                      @DefaultValue("roles") String rolesClaim,
                      @DefaultValue("sources") String sourcesClaim) {
    }
}
