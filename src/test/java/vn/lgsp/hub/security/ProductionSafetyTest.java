package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import vn.lgsp.hub.common.DataProtectionProperties;

/** Issue: a production start with any development secret is refused, saying which. */
class ProductionSafetyTest {

    private static final String REAL_KEY_HASH = "a".repeat(64);
    private static final String REAL_ENCRYPTION_KEY = "cmVhbC1wcm9kdWN0aW9uLWtleS0zMi1ieXRlcy0hISE=";
    private static final String REAL_HMAC = "a-real-production-secret-of-enough-length";

    private static SecurityProperties clients(String... hashes) {
        return new SecurityProperties(java.util.Arrays.stream(hashes)
                .map(h -> new SecurityProperties.Client("client-" + h.substring(0, 4), h, Set.of(Role.CLIENT), Set.of(),
                        Map.of()))
                .toList());
    }

    private static void start(MockEnvironment env, SecurityProperties security, String key, String hmac) {
        new ProductionSafety(env, security, new DataProtectionProperties(key, hmac)).afterPropertiesSet();
    }

    private static MockEnvironment prod() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("prod");
        return env;
    }

    @Test
    void aProductionStartWithRealSecretsProceeds() {
        start(prod(), clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC);
    }

    @Test
    void aDevelopmentApiKeyIsRefusedByName() {
        assertThatThrownBy(() -> start(prod(), clients(REAL_KEY_HASH,
                "df76ff796f70d2c9cb055ea6280553caa27eda26b70e01082c160de75a05a4a9"), REAL_ENCRYPTION_KEY, REAL_HMAC))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("development API key dev-admin-key");
    }

    @Test
    void theDevelopmentEncryptionKeyIsRefused() {
        assertThatThrownBy(() -> start(prod(), clients(REAL_KEY_HASH), ProductionSafety.DEV_ENCRYPTION_KEY, REAL_HMAC))
                .hasMessageContaining("hub.data-protection.encryption-key is the development key");
    }

    @Test
    void theDevelopmentHmacSecretIsRefused() {
        assertThatThrownBy(() -> start(prod(), clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, ProductionSafety.DEV_HMAC_SECRET))
                .hasMessageContaining("hub.data-protection.subject-hmac-secret is the development secret");
    }

    @Test
    void theDevProfileAndTheInProcessMocksAreRefused() {
        MockEnvironment env = prod();
        env.setActiveProfiles("prod", "dev");
        env.setProperty("hub.mocks.enabled", "true");

        assertThatThrownBy(() -> start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC))
                .hasMessageContaining("the dev profile is active")
                .hasMessageContaining("hub.mocks.enabled is true");
    }

    @Test
    void bearerTokenKeysOverPlainHttpAreRefused() {
        MockEnvironment env = prod();
        env.setProperty("hub.security.oauth2.enabled", "true");
        env.setProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "http://localhost:8180/realms/lgsp");

        assertThatThrownBy(() -> start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC))
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri is plain http");

        env.setProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://sso.lgsp.gov.vn/realms/lgsp");
        start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC);
    }

    @Test
    void aClientIdentifiedOnlyByItsCertificateHasNoKeyToCheck() {
        start(prod(), new SecurityProperties(List.of(new SecurityProperties.Client("land-office", null,
                Set.of(Role.CLIENT), Set.of("land"), Map.of()))), REAL_ENCRYPTION_KEY, REAL_HMAC);
    }

    @Test
    void outsideProdTheDevelopmentSecretsAreAccepted() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("dev");

        start(env, clients(ProductionSafety.DEV_KEY_HASHES.keySet().toArray(String[]::new)),
                ProductionSafety.DEV_ENCRYPTION_KEY, ProductionSafety.DEV_HMAC_SECRET);
        assertThat(List.of(env.getActiveProfiles())).containsExactly("dev");
    }

    @Test
    void theDevelopmentValuesAreTheOnesTheDevProfileConfigures() throws Exception {
        String dev = new String(getClass().getResourceAsStream("/application-dev.yml").readAllBytes());

        assertThat(dev).contains(ProductionSafety.DEV_ENCRYPTION_KEY).contains(ProductionSafety.DEV_HMAC_SECRET);
        ProductionSafety.DEV_KEY_HASHES.keySet().forEach(hash -> assertThat(dev).contains(hash));
        ProductionSafety.DEV_KEY_HASHES.forEach((hash, key) -> assertThat(ApiKeys.sha256Hex(key)).isEqualTo(hash));
    }
}
