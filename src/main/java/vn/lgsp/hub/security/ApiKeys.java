package vn.lgsp.hub.security;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.Digests;

/**
 * Resolves an API key to its client by comparing SHA-256 digests in constant time. Public for the
 * console's sign-in ({@code vn.lgsp.hub.console}), which takes the same keys.
 */
@Component
public class ApiKeys {

    private final List<SecurityProperties.Client> clients;
    private final List<byte[]> digests;

    ApiKeys(SecurityProperties properties) {
        this.clients = properties.clients().stream().filter(c -> c.apiKeySha256() != null).toList();
        this.digests = clients.stream().map(c -> HexFormat.of().parseHex(c.apiKeySha256())).toList();
    }

    public Optional<HubClient> resolve(String apiKey) {
        byte[] presented = Digests.sha256(apiKey);
        HubClient match = null;
        for (int i = 0; i < clients.size(); i++) {
            // every digest is compared, so the time taken does not tell which client came close
            if (MessageDigest.isEqual(presented, digests.get(i)) && match == null) {
                match = clients.get(i).toHubClient();
            }
        }
        return Optional.ofNullable(match);
    }
}
