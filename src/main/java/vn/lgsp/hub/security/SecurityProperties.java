package vn.lgsp.hub.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.security.*}: the clients allowed to call the hub. A key is configured only as the
 * hex SHA-256 of its value, never in clear; a client identified only by its certificate
 * ({@code hub.security.mtls.clients}) has none.
 */
@Validated
@ConfigurationProperties("hub.security")
public record SecurityProperties(@Valid List<Client> clients) {

    public SecurityProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** The configured client with this id, as it is configured now (the console re-reads its session's client). */
    public Optional<HubClient> client(String id) {
        for (Client client : clients) {
            if (client.id().equals(id)) {
                return Optional.of(client.toHubClient());
            }
        }
        return Optional.empty();
    }

    /**
     * One client.
     *
     * @param fields per source, the canonical fields the client may receive (data minimisation):
     *               dotted paths into the canonical JSON ({@code fullName}, {@code holders.fullName};
     *               a path through a list applies to each element, a path to an object keeps all of
     *               it). Every other field is removed before the answer. A source not listed: all.
     */
    public record Client(@NotBlank String id,
                         @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case hex SHA-256")
                         String apiKeySha256,
                         Set<Role> roles,
                         Set<String> sources,
                         Map<String, Set<@Pattern(regexp = FIELD_PATH, message = "must be a dotted field path")
                                 String>> fields) {

        public Client {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            sources = sources == null ? Set.of() : Set.copyOf(sources);
            fields = fields == null ? Map.of() : Map.copyOf(fields);
        }

        public HubClient toHubClient() {
            return new HubClient(id, roles, sources, fields);
        }
    }

    static final String FIELD_PATH = "[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*";
}
