package vn.lgsp.hub.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link HubClient}: authorities {@code ROLE_<role>} and {@code SOURCE_<source>}. */
public final class HubClientAuthentication extends AbstractAuthenticationToken {

    private final HubClient client;

    public HubClientAuthentication(HubClient client) {
        super(authorities(client));
        this.client = client;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(HubClient client) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        client.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        client.sources().forEach(s -> authorities.add(new SimpleGrantedAuthority(sourceAuthority(s))));
        return authorities;
    }

    public static String sourceAuthority(String source) {
        return "SOURCE_" + source;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public HubClient getPrincipal() {
        return client;
    }

    @Override
    public String getName() {
        return client.id();
    }
}
