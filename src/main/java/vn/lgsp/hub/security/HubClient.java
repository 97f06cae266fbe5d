package vn.lgsp.hub.security;

import java.util.Set;

/** An authenticated caller of the hub: its id, roles and the national sources it may query. */
public record HubClient(String id, Set<Role> roles, Set<String> sources) {

    public HubClient {
        roles = Set.copyOf(roles);
        sources = Set.copyOf(sources);
    }

    public boolean may(String source) {
        return roles.contains(Role.CLIENT) && sources.contains(source);
    }
}
