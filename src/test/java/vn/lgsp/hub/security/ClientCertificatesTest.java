package vn.lgsp.hub.security;

import vn.lgsp.hub.common.Digests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The certificate mapping is checked when the hub starts; a mistake there stops the start, saying which. */
class ClientCertificatesTest {

    private static final SecurityProperties CLIENTS = new SecurityProperties(List.of(
            new SecurityProperties.Client("land-office", null, Set.of(Role.CLIENT), Set.of("land"), Map.of())));

    private static ClientCertificates mapping(ClientCertificates.Mapping... mappings) {
        return new ClientCertificates(new ClientCertificates.Properties(List.of(mappings)), CLIENTS);
    }

    @Test
    void aMappingToAnUnknownClientStopsTheStart() {
        assertThatThrownBy(() -> mapping(new ClientCertificates.Mapping("CN=x.lgsp.local", "nobody")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client-id nobody is not one of hub.security.clients");
    }

    @Test
    void aSubjectThatIsNoDistinguishedNameStopsTheStart() {
        assertThatThrownBy(() -> mapping(new ClientCertificates.Mapping("land office", "land-office")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("land office is not a distinguished name");
    }

    @Test
    void theSameSubjectTwiceStopsTheStart() {
        assertThatThrownBy(() -> mapping(new ClientCertificates.Mapping("CN=a.lgsp.local,C=VN", "land-office"),
                new ClientCertificates.Mapping("cn=A.lgsp.local, c=vn", "land-office")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mapped more than once");
    }

    @Test
    void withoutMappingsCertificatesIdentifyNobody() {
        assertThat(mapping().configured()).isFalse();
        assertThat(mapping(new ClientCertificates.Mapping("CN=a.lgsp.local", "land-office")).configured()).isTrue();
    }

    @Test
    void aClientWithoutAKeyIsNoApiKeyClient() {
        SecurityProperties clients = new SecurityProperties(List.of(
                new SecurityProperties.Client("land-office", null, Set.of(Role.CLIENT), Set.of("land"), Map.of()),
                new SecurityProperties.Client("provincial-ap-system", Digests.sha256Hex("k"), Set.of(Role.CLIENT),
                        Set.of("citizens"), Map.of())));

        ApiKeys keys = new ApiKeys(clients);
        assertThat(keys.resolve("k")).map(HubClient::id).contains("provincial-ap-system");
        assertThat(keys.resolve("")).isEmpty();
    }
}
