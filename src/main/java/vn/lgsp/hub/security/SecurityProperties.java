package vn.lgsp.hub.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
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

    public record Client(@NotBlank String id,
                         @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case hex SHA-256")
                         String apiKeySha256,
                         Set<Role> roles,
                         Set<String> sources) {

        public Client {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            sources = sources == null ? Set.of() : Set.copyOf(sources);
        }
    }
}
