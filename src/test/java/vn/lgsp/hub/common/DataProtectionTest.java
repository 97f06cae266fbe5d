package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Keys that can change: data sealed and subjects hashed under each key version, read and found under any. */
class DataProtectionTest {

    private static final String KEY_1 = key(1);
    private static final String KEY_2 = key(2);
    private static final String KEY_3 = key(3);
    private static final String SECRET_1 = "the-first-subject-hmac-secret-of-32-chars";
    private static final String SECRET_2 = "the-second-subject-hmac-secret-of-32-chars";
    private static final String SECRET_3 = "the-third-subject-hmac-secret-of-32-chars";
    private static final byte[] PLAIN = "{\"fullName\":\"Nguyễn Văn An\"}".getBytes(StandardCharsets.UTF_8);

    private static String key(int seed) {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) seed);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static DataProtection versions(Integer current, Map<Integer, DataProtectionProperties.Key> keys) {
        return new DataProtection(new DataProtectionProperties(KEY_1, SECRET_1, keys, current, null, null));
    }

    private static final DataProtection V1 = new DataProtection(new DataProtectionProperties(KEY_1, SECRET_1));
    private static final DataProtection V2 = versions(null, Map.of(2, new DataProtectionProperties.Key(KEY_2, SECRET_2)));
    private static final DataProtection V3 = versions(null, Map.of(2, new DataProtectionProperties.Key(KEY_2, SECRET_2),
            3, new DataProtectionProperties.Key(KEY_3, SECRET_3)));

    @Test
    void withTodaysTwoSettingsAloneEverythingIsVersionOneAsBefore() {
        DataProtection.Sealed sealed = V1.encrypt(PLAIN, "row-1");

        assertThat(sealed.keyVersion()).isEqualTo(1);
        assertThat(V1.currentVersion()).isEqualTo(1);
        assertThat(V1.decrypt(sealed.ciphertext(), 1, "row-1")).isEqualTo(PLAIN);
        assertThat(V1.subjectHash("citizens", "074085000123")).matches("[0-9a-f]{64}");
        assertThat(V1.subjectHashes("citizens", "074085000123")).containsExactly(V1.subjectHash("citizens", "074085000123"));
    }

    @Test
    void aNewVersionSealsNewDataAndOldDataStaysReadable() {
        DataProtection.Sealed before = V1.encrypt(PLAIN, "row-1");
        DataProtection.Sealed underTwo = V2.encrypt(PLAIN, "row-2");
        DataProtection.Sealed underThree = V3.encrypt(PLAIN, "row-3");

        assertThat(underTwo.keyVersion()).isEqualTo(2);
        assertThat(underThree.keyVersion()).isEqualTo(3);
        assertThat(V3.decrypt(before, "row-1")).isEqualTo(PLAIN);
        assertThat(V3.decrypt(underTwo, "row-2")).isEqualTo(PLAIN);
        assertThat(V3.decrypt(underThree, "row-3")).isEqualTo(PLAIN);
        // a version's data opens under its own key only, and with its own row's associated data only
        assertThatThrownBy(() -> V3.decrypt(underTwo.ciphertext(), 3, "row-2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> V3.decrypt(underTwo, "row-3")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> V1.decrypt(underTwo, "row-2")).hasMessageContaining("No encryption key of version 2");
    }

    @Test
    void aValueAddedToARowIsSealedUnderTheRowsVersion() {
        DataProtection.Sealed sealed = V3.encrypt(PLAIN, "row-1", 1);

        assertThat(sealed.keyVersion()).isEqualTo(1);
        assertThat(V1.decrypt(sealed, "row-1")).isEqualTo(PLAIN);
    }

    @Test
    void subjectHashesCarryTheirVersionAndEveryVersionsHashFindsASubject() {
        String one = V1.subjectHash("citizens", "074085000123");
        String two = V2.subjectHash("citizens", "074085000123");
        String three = V3.subjectHash("citizens", "074085000123");

        assertThat(two).startsWith("k2:").hasSize(64).matches("k2:[0-9a-f]{61}");
        assertThat(three).startsWith("k3:").hasSize(64);
        assertThat(V3.subjectHashes("citizens", "074085000123")).containsExactly(three, two, one);
        assertThat(V2.subjectHashes("citizens", "074085000123")).containsExactly(two, one);
        // the same subject of another source, another subject: other hashes under every version
        assertThat(V3.subjectHashes("criminal-records", "074085000123")).doesNotContainAnyElementsOf(
                V3.subjectHashes("citizens", "074085000123"));
        assertThat(V3.subjectHash("citizens", "074085000124")).isNotEqualTo(three);
    }

    @Test
    void theCurrentVersionMayBeChosenAndANewVersionAddedBeforeItIsUsed() {
        DataProtection added = versions(1, Map.of(2, new DataProtectionProperties.Key(KEY_2, SECRET_2)));

        assertThat(added.encrypt(PLAIN, "row").keyVersion()).isEqualTo(1);
        assertThat(added.subjectHash("citizens", "074085000123")).isEqualTo(V1.subjectHash("citizens", "074085000123"));
        assertThat(added.subjectHashes("citizens", "074085000123")).containsExactly(
                V1.subjectHash("citizens", "074085000123"), V2.subjectHash("citizens", "074085000123"));
        assertThat(added.decrypt(V2.encrypt(PLAIN, "row"), "row")).isEqualTo(PLAIN);
    }

    @Test
    void anOldVersionMayKeepItsHmacSecretAloneToFindOldRows() {
        DataProtection retired = new DataProtection(new DataProtectionProperties(null, SECRET_1,
                Map.of(2, new DataProtectionProperties.Key(KEY_2, SECRET_2)), null, null, null));

        assertThat(retired.subjectHashes("citizens", "074085000123")).containsExactly(
                V2.subjectHash("citizens", "074085000123"), V1.subjectHash("citizens", "074085000123"));
        assertThat(retired.opens(1)).isFalse();
        assertThat(retired.opens(2)).isTrue();
        assertThatThrownBy(() -> retired.decrypt(V1.encrypt(PLAIN, "row"), "row"))
                .hasMessageContaining("No encryption key of version 1");
    }

    @Test
    void aBrokenConfigurationStopsTheStartNamingTheKeyNeverTheValue() {
        assertThatThrownBy(() -> versions(null, Map.of(1, new DataProtectionProperties.Key(KEY_2, SECRET_2))))
                .hasMessageContaining("hub.data-protection.keys.1");
        assertThatThrownBy(() -> versions(4, Map.of(2, new DataProtectionProperties.Key(KEY_2, SECRET_2))))
                .hasMessageContaining("current-version 4 is not configured");
        assertThatThrownBy(() -> versions(null, Map.of(2, new DataProtectionProperties.Key(null, SECRET_2))))
                .hasMessageContaining("the current key version 2 needs both hub.data-protection.keys.2.encryption-key");
        assertThatThrownBy(() -> versions(null, Map.of(2, new DataProtectionProperties.Key("not base64!", SECRET_2))))
                .hasMessage("hub.data-protection.keys.2.encryption-key must be base64");
        assertThatThrownBy(() -> versions(null, Map.of(2, new DataProtectionProperties.Key(
                Base64.getEncoder().encodeToString(new byte[16]), SECRET_2))))
                .hasMessageContaining("hub.data-protection.keys.2.encryption-key must be 256 bits");
        assertThatThrownBy(() -> versions(null, Map.of(2, new DataProtectionProperties.Key(KEY_2, "short"))))
                .hasMessage("hub.data-protection.keys.2.subject-hmac-secret must be at least 32 characters");
        assertThatThrownBy(() -> versions(null, Map.of(2, new DataProtectionProperties.Key(null, null))))
                .hasMessageContaining("hub.data-protection.keys.2 has neither");
        assertThatThrownBy(() -> versions(null, Map.of(40_000, new DataProtectionProperties.Key(KEY_2, SECRET_2))))
                .hasMessageContaining("a key version is 2 to 32767");
        assertThatThrownBy(() -> new DataProtection(new DataProtectionProperties(null, null)))
                .hasMessageContaining("are required");
    }

    @Test
    void versionsBindFromPropertiesAndFromEnvironmentVariables() {
        Map<String, Object> yaml = new HashMap<>();
        yaml.put("hub.data-protection.encryption-key", KEY_1);
        yaml.put("hub.data-protection.subject-hmac-secret", SECRET_1);
        yaml.put("hub.data-protection.keys.2.encryption-key", KEY_2);
        yaml.put("hub.data-protection.keys.2.subject-hmac-secret", SECRET_2);
        yaml.put("hub.data-protection.current-version", "2");
        DataProtectionProperties fromYaml = new Binder(new MapConfigurationPropertySource(yaml))
                .bind("hub.data-protection", DataProtectionProperties.class).get();

        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "HUB_DATAPROTECTION_ENCRYPTIONKEY", KEY_1,
                "HUB_DATAPROTECTION_SUBJECTHMACSECRET", SECRET_1,
                "HUB_DATAPROTECTION_KEYS_2_ENCRYPTIONKEY", KEY_2,
                "HUB_DATAPROTECTION_KEYS_2_SUBJECTHMACSECRET", SECRET_2,
                "HUB_DATAPROTECTION_CURRENTVERSION", "2")));
        DataProtectionProperties fromEnvironment = new Binder(ConfigurationPropertySources.get(environment))
                .bind("hub.data-protection", DataProtectionProperties.class).get();

        StandardEnvironment yamlFile = new StandardEnvironment();
        try {
            new YamlPropertySourceLoader().load("yaml", new ByteArrayResource("""
                    hub:
                      data-protection:
                        encryption-key: %s
                        subject-hmac-secret: %s
                        keys:
                          2:
                            encryption-key: %s
                            subject-hmac-secret: %s
                        current-version: 2
                    """.formatted(KEY_1, SECRET_1, KEY_2, SECRET_2).getBytes(StandardCharsets.UTF_8)))
                    .forEach(source -> yamlFile.getPropertySources().addFirst(source));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DataProtectionProperties fromYamlFile = new Binder(ConfigurationPropertySources.get(yamlFile))
                .bind("hub.data-protection", DataProtectionProperties.class).get();

        for (DataProtectionProperties bound : List.of(fromYaml, fromEnvironment, fromYamlFile)) {
            assertThat(bound.versions()).containsOnlyKeys(1, 2);
            assertThat(bound.versions().get(2)).isEqualTo(new DataProtectionProperties.Key(KEY_2, SECRET_2));
            assertThat(bound.currentVersion()).isEqualTo(2);
            assertThat(bound.reEncryption().batchSize()).isEqualTo(100);
            assertThat(new DataProtection(bound).subjectHash("citizens", "074085000123"))
                    .isEqualTo(V2.subjectHash("citizens", "074085000123"));
        }
    }
}
