package vn.lgsp.hub.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtectionProperties;
import vn.lgsp.hub.sources.settings.SourceProperties;

/**
 * A start in the {@code prod} profile refuses the well-known development secrets (docs/api.md §1): any
 * development API key, the development encryption key or HMAC secret (as any key version), the development credentials
 * toward the national databases ({@code hub.sources.<name>.auth}), the portal and the criminal-records service, the in-process mocks, the
 * {@code dev} profile itself, or bearer-token signing keys fetched over plain http. The hub then
 * does not start, and the message says which (by key, never by value).
 */
@Component
class ProductionSafety implements InitializingBean {

    /** SHA-256 of the development API keys of docs/api.md §1, as application-dev.yml configures them. */
    static final Map<String, String> DEV_KEY_HASHES = Map.of(
            "d55a9062fbd0d3c2c40712cbe2f97bee5857eebc1bb2383df4d0d88d9aabdf06", "dev-provincial-key",
            "c3e26d737d6ef9c2bab88f2257ce57a0eb5c1876e5ce6fa11f742be59af0bd94", "dev-land-office-key",
            "bd75084a70619e7246030ffbae77cc777ed3dcddb32c3ca7856052d4b526505b", "dev-land-registration-key",
            "46151c35c1c09bca0b049ce55099e4f67fd04efe91716eec70fd1fa8ce898163", "dev-auditor-key",
            "df76ff796f70d2c9cb055ea6280553caa27eda26b70e01082c160de75a05a4a9", "dev-admin-key",
            "2504d188b031010e18d0044ecd3b43837eee251acf284a4e15da0282e6d5f384", "dev-portal-key");
    static final String DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";
    static final String DEV_HMAC_SECRET = "dev-only-subject-hmac-secret-0123456789";
    /** The development credentials toward the national databases, as application-dev.yml configures them. */
    static final String DEV_NGSP_CLIENT_SECRET = "dev-ngsp-client-secret";
    static final String DEV_C06_SECRET = "dev-c06-secret-key";
    static final String DEV_NDXP_API_KEY = "dev-ndxp-api-key";
    /** The portal account's development password (application-dev.yml, mock-endpoints/mappings/portal.json). */
    static final String DEV_PORTAL_PASSWORD = "dev-portal-password";
    /** The criminal-records service's development key (application-dev.yml, mock-endpoints/mappings/criminal-records.json). */
    static final String DEV_LLTP_AUTH_KEY = "dev-lltp-key";
    /** The development key of the ledger's signed checkpoints (application-dev.yml). */
    static final String DEV_LEDGER_SIGNING_KEY = "MC4CAQAwBQYDK2VwBCIEIHf0k2H1WWhLGNPQPeNd7U+JXKkBjdkQENvLccPHcqFn";

    private final Environment environment;
    private final SecurityProperties security;
    private final DataProtectionProperties dataProtection;
    private final SourceProperties sources;

    ProductionSafety(Environment environment, SecurityProperties security, DataProtectionProperties dataProtection,
                     SourceProperties sources) {
        this.environment = environment;
        this.security = security;
        this.dataProtection = dataProtection;
        this.sources = sources;
    }

    @Override
    public void afterPropertiesSet() {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        List<String> refused = new ArrayList<>();
        if (environment.acceptsProfiles(Profiles.of("dev"))) {
            refused.add("the dev profile is active");
        }
        for (SecurityProperties.Client client : security.clients()) {
            String devKey = client.apiKeySha256() == null ? null : DEV_KEY_HASHES.get(client.apiKeySha256());
            if (devKey != null) {
                refused.add("client " + client.id() + " uses the development API key " + devKey);
            }
        }
        dataProtection.versions().forEach((version, key) -> {
            if (DEV_ENCRYPTION_KEY.equals(key.encryptionKey())) {
                refused.add(DataProtectionProperties.property(version, "encryption-key") + " is the development key");
            }
            if (DEV_HMAC_SECRET.equals(key.subjectHmacSecret())) {
                refused.add(DataProtectionProperties.property(version, "subject-hmac-secret")
                        + " is the development secret");
            }
        });
        sources.sources().forEach((name, source) -> refuseDevelopmentCredentials(name, source.auth(), refused));
        if (DEV_PORTAL_PASSWORD.equals(environment.getProperty("hub.portal.password"))) {
            refused.add("hub.portal.password is the development password");
        }
        if (DEV_LEDGER_SIGNING_KEY.equals(environment.getProperty("hub.ledger.chain.private-key", "").trim())) {
            refused.add("hub.ledger.chain.private-key is the development key");
        }
        if (DEV_LLTP_AUTH_KEY.equals(environment.getProperty("hub.criminal-records.auth-key"))) {
            refused.add("hub.criminal-records.auth-key is the development key");
        }
        if (environment.getProperty("hub.mocks.enabled", Boolean.class, false)) {
            refused.add("hub.mocks.enabled is true (the in-process mocks of the national databases)");
        }
        if (environment.getProperty("hub.security.oauth2.enabled", Boolean.class, false)) {
            for (String name : List.of("issuer-uri", "jwk-set-uri")) {
                String uri = environment.getProperty("spring.security.oauth2.resourceserver.jwt." + name, "");
                if (uri.regionMatches(true, 0, "http:", 0, 5)) {
                    refused.add("spring.security.oauth2.resourceserver.jwt." + name
                            + " is plain http (the token signing keys could be replaced on the way)");
                }
            }
        }
        String console = environment.getProperty("hub.console.oauth2-registration", "");
        if (!console.isBlank()) {
            // the console's identity provider: its codes and tokens must not travel in clear either
            String provider = environment.getProperty("spring.security.oauth2.client.registration." + console
                    + ".provider", console);
            for (String name : List.of("issuer-uri", "authorization-uri", "token-uri")) {
                String key = "spring.security.oauth2.client.provider." + provider + "." + name;
                if (environment.getProperty(key, "").regionMatches(true, 0, "http:", 0, 5)) {
                    refused.add(key + " is plain http (the console's sign-in codes and tokens would travel in clear)");
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Refusing to start in the prod profile: " + String.join("; ", refused));
        }
    }

    /** A source's development client secret, C06 secret or ApiKey header, named by its key. */
    private static void refuseDevelopmentCredentials(String name, SourceProperties.Auth auth, List<String> refused) {
        if (auth == null) {
            return;
        }
        String prefix = "source " + name + ": hub.sources." + name + ".auth.";
        if (auth.oauth2() != null && DEV_NGSP_CLIENT_SECRET.equals(auth.oauth2().clientSecret())) {
            refused.add(prefix + "oauth2.client-secret is the development secret");
        }
        if (auth.signed() != null && DEV_C06_SECRET.equals(auth.signed().secret())) {
            refused.add(prefix + "signed.secret is the development secret");
        }
        auth.headers().forEach((header, value) -> {
            if (DEV_NDXP_API_KEY.equals(value) || DEV_NGSP_CLIENT_SECRET.equals(value) || DEV_C06_SECRET.equals(value)) {
                refused.add(prefix + "headers[" + header + "] is a development value");
            }
        });
    }
}
