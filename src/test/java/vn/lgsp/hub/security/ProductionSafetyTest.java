package vn.lgsp.hub.security;

import vn.lgsp.hub.common.Digests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import vn.lgsp.hub.common.DataProtectionProperties;
import vn.lgsp.hub.sources.settings.SourceProperties;

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
        start(env, security, key, hmac, new SourceProperties(Map.of(), null));
    }

    private static void start(MockEnvironment env, SecurityProperties security, String key, String hmac,
                              SourceProperties sources) {
        new ProductionSafety(env, security, new DataProtectionProperties(key, hmac), sources).afterPropertiesSet();
    }

    /** One source with the given authentication, everything else at its defaults. */
    private static SourceProperties source(String name, SourceProperties.Auth auth) {
        return new SourceProperties(Map.of(name, new SourceProperties.Source(java.net.URI.create("https://ngsp.example"),
                3000, 1000, true, 64, new SourceProperties.CircuitBreaker(50, 20, 10, 30_000, 3),
                SourceProperties.ReuseMode.FALLBACK, 86_400, null, Map.of(), auth)), null);
    }

    private static SourceProperties.Auth oauth2(String secret) {
        return new SourceProperties.Auth(new SourceProperties.OAuth2("/token", "hub", secret, null,
                SourceProperties.ClientAuthentication.BASIC, 60), null, Map.of());
    }

    private static SourceProperties.Auth signed(String secret, String apiKey) {
        return new SourceProperties.Auth(null, new SourceProperties.Signed("hub", secret, null),
                Map.of("X-Road-Client", "VN/GOV/000.00.00.H12/LGSP-HUB", "ApiKey", apiKey));
    }

    @Test
    void realCredentialsTowardTheNationalDatabasesProceed() {
        start(prod(), clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC, source("enterprises", oauth2("s3cr3t-ngsp")));
        start(prod(), clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC,
                source("citizens", signed("s3cr3t-c06", "real-ndxp-key")));
    }

    @Test
    void theDevelopmentClientSecretIsRefusedNamingTheSourceAndKeyNotTheValue() {
        assertThatThrownBy(() -> start(prod(), clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC,
                source("enterprises", oauth2(ProductionSafety.DEV_NGSP_CLIENT_SECRET))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("source enterprises: hub.sources.enterprises.auth.oauth2.client-secret "
                        + "is the development secret")
                .hasMessageNotContaining(ProductionSafety.DEV_NGSP_CLIENT_SECRET);
    }

    @Test
    void theDevelopmentC06SecretAndApiKeyAreRefused() {
        assertThatThrownBy(() -> start(prod(), clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC,
                source("citizens", signed(ProductionSafety.DEV_C06_SECRET, ProductionSafety.DEV_NDXP_API_KEY))))
                .hasMessageContaining("hub.sources.citizens.auth.signed.secret is the development secret")
                .hasMessageContaining("hub.sources.citizens.auth.headers[ApiKey] is a development value")
                .hasMessageNotContaining(ProductionSafety.DEV_C06_SECRET)
                .hasMessageNotContaining(ProductionSafety.DEV_NDXP_API_KEY);
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
    void theDevelopmentSecretsAreRefusedAsAnyKeyVersion() {
        DataProtectionProperties rotated = new DataProtectionProperties(REAL_ENCRYPTION_KEY, REAL_HMAC,
                Map.of(2, new DataProtectionProperties.Key(ProductionSafety.DEV_ENCRYPTION_KEY, REAL_HMAC + "-2"),
                        3, new DataProtectionProperties.Key(null, ProductionSafety.DEV_HMAC_SECRET)), 2, null, null);

        assertThatThrownBy(() -> new ProductionSafety(prod(), clients(REAL_KEY_HASH), rotated,
                new SourceProperties(Map.of(), null)).afterPropertiesSet())
                .hasMessageContaining("hub.data-protection.keys.2.encryption-key is the development key")
                .hasMessageContaining("hub.data-protection.keys.3.subject-hmac-secret is the development secret")
                .hasMessageNotContaining(ProductionSafety.DEV_HMAC_SECRET);
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
    void theDevelopmentPortalPasswordIsRefused() {
        MockEnvironment env = prod();
        env.setProperty("hub.portal.password", ProductionSafety.DEV_PORTAL_PASSWORD);

        assertThatThrownBy(() -> start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC))
                .hasMessageContaining("hub.portal.password is the development password")
                .hasMessageNotContaining(ProductionSafety.DEV_PORTAL_PASSWORD);

        env.setProperty("hub.portal.password", "a-real-portal-password");
        start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC);
    }

    @Test
    void theDevelopmentLedgerSigningKeyIsRefusedWithoutShowingIt() {
        MockEnvironment env = prod();
        env.setProperty("hub.ledger.chain.private-key", ProductionSafety.DEV_LEDGER_SIGNING_KEY);

        assertThatThrownBy(() -> start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC))
                .hasMessageContaining("hub.ledger.chain.private-key is the development key")
                .hasMessageNotContaining(ProductionSafety.DEV_LEDGER_SIGNING_KEY);

        env.setProperty("hub.ledger.chain.private-key", "MC4CAQAwBQYDK2VwBCIEIGJ1dCBub3QgdGhlIGRldmVsb3BtZW50IGtleSEhISE=");
        start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC);
    }

    @Test
    void theDevelopmentCriminalRecordsKeyIsRefused() {
        MockEnvironment env = prod();
        env.setProperty("hub.criminal-records.auth-key", ProductionSafety.DEV_LLTP_AUTH_KEY);

        assertThatThrownBy(() -> start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC))
                .hasMessageContaining("hub.criminal-records.auth-key is the development key")
                .hasMessageNotContaining(ProductionSafety.DEV_LLTP_AUTH_KEY);

        env.setProperty("hub.criminal-records.auth-key", "a-real-lltp-key");
        start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC);
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
    void theConsolesIdentityProviderOverPlainHttpIsRefused() {
        MockEnvironment env = prod();
        env.setProperty("hub.console.oauth2-registration", "lgsp-sso");
        env.setProperty("spring.security.oauth2.client.registration.lgsp-sso.provider", "keycloak");
        env.setProperty("spring.security.oauth2.client.provider.keycloak.issuer-uri", "https://sso.lgsp.gov.vn/realms/lgsp");
        env.setProperty("spring.security.oauth2.client.provider.keycloak.token-uri",
                "http://sso.lgsp.gov.vn/realms/lgsp/protocol/openid-connect/token");

        assertThatThrownBy(() -> start(env, clients(REAL_KEY_HASH), REAL_ENCRYPTION_KEY, REAL_HMAC))
                .hasMessageContaining("spring.security.oauth2.client.provider.keycloak.token-uri is plain http");

        env.setProperty("spring.security.oauth2.client.provider.keycloak.token-uri",
                "https://sso.lgsp.gov.vn/realms/lgsp/protocol/openid-connect/token");
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

        assertThat(dev).contains(ProductionSafety.DEV_ENCRYPTION_KEY).contains(ProductionSafety.DEV_HMAC_SECRET)
                .contains("client-secret: " + ProductionSafety.DEV_NGSP_CLIENT_SECRET)
                .contains("secret: " + ProductionSafety.DEV_C06_SECRET)
                .contains("\"[ApiKey]\": " + ProductionSafety.DEV_NDXP_API_KEY)
                .contains("password: " + ProductionSafety.DEV_PORTAL_PASSWORD);
        ProductionSafety.DEV_KEY_HASHES.keySet().forEach(hash -> assertThat(dev).contains(hash));
        ProductionSafety.DEV_KEY_HASHES.forEach((hash, key) -> assertThat(Digests.sha256Hex(key)).isEqualTo(hash));
    }
}
