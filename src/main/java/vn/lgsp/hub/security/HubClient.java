package vn.lgsp.hub.security;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated caller of the hub: its id, roles, the national sources it may query and, per
 * source, the canonical fields it may receive (a source without a list: every field).
 */
public record HubClient(String id, Set<Role> roles, Set<String> sources, Map<String, Set<String>> fields)
        implements Serializable {

    public HubClient {
        roles = Set.copyOf(roles);
        sources = Set.copyOf(sources);
        fields = Map.copyOf(fields);
    }

    public HubClient(String id, Set<Role> roles, Set<String> sources) {
        this(id, roles, sources, Map.of());
    }

    public boolean may(String source) {
        return roles.contains(Role.CLIENT) && sources.contains(source);
    }

    /** The canonical field paths this client may receive from a source, if it is limited. */
    public Optional<Set<String>> fieldsOf(String source) {
        return Optional.ofNullable(fields.get(source));
    }
}
