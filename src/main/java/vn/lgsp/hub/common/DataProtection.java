package vn.lgsp.hub.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encryption at rest (AES-256-GCM, a fresh 96-bit nonce per message, stored before the ciphertext) and the
 * keyed hash (HMAC-SHA256) that stands for a subject in the ledger, both by key version
 * ({@link DataProtectionProperties}): new data is sealed and hashed under the current version, and what an
 * older version sealed or hashed stays readable and findable as long as that version is configured.
 *
 * <p>A sealed value is stored with the version it was sealed under (a {@code key_version} column beside it).
 * A subject hash says its version itself: version 1's is the 64 hex digits of the HMAC, as hashes have always
 * been; version n's is {@code k<n>:} followed by the HMAC's first hex digits, 64 characters in all (at least
 * 228 bits of it), so that every hash fits the columns that hold version 1's.
 */
@Component
public class DataProtection {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Every subject hash and digest is this long, whatever its version. */
    private static final int HASH_LENGTH = 64;

    /** A sealed value and the key version it was sealed under, to be stored beside it. */
    public record Sealed(byte[] ciphertext, int keyVersion) {
    }

    /** One version's key and HMAC, either null when the version keeps only the other. */
    private record Version(SecretKey key, Mac hmac) {
    }

    private final NavigableMap<Integer, Version> versions;
    private final int current;
    private final SecureRandom random = new SecureRandom();

    public DataProtection(DataProtectionProperties properties) {
        if (properties.keys().containsKey(1)) {
            throw new IllegalStateException("hub.data-protection.keys.1: version 1 is hub.data-protection."
                    + "encryption-key and subject-hmac-secret");
        }
        TreeMap<Integer, Version> all = new TreeMap<>();
        for (Map.Entry<Integer, DataProtectionProperties.Key> e : properties.versions().entrySet()) {
            int v = e.getKey();
            if (v < 1 || v > DataProtectionProperties.MAX_VERSION) {
                throw new IllegalStateException("hub.data-protection.keys." + v + ": a key version is 2 to "
                        + DataProtectionProperties.MAX_VERSION);
            }
            DataProtectionProperties.Key k = e.getValue();
            if (k == null || (!DataProtectionProperties.present(k.encryptionKey())
                    && !DataProtectionProperties.present(k.subjectHmacSecret()))) {
                throw new IllegalStateException("hub.data-protection.keys." + v + " has neither an encryption-key nor a "
                        + "subject-hmac-secret");
            }
            all.put(v, new Version(key(v, k.encryptionKey()), hmac(v, k.subjectHmacSecret())));
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("hub.data-protection.encryption-key and subject-hmac-secret are required");
        }
        this.current = properties.currentVersion() == null ? all.lastKey() : properties.currentVersion();
        Version now = all.get(current);
        if (now == null) {
            throw new IllegalStateException("hub.data-protection.current-version " + current + " is not configured "
                    + "(configured: " + all.keySet() + ")");
        }
        if (now.key() == null || now.hmac() == null) {
            throw new IllegalStateException("the current key version " + current + " needs both "
                    + DataProtectionProperties.property(current, "encryption-key") + " and "
                    + DataProtectionProperties.property(current, "subject-hmac-secret"));
        }
        this.versions = Collections.unmodifiableNavigableMap(all);
    }

    private static SecretKey key(int version, String base64) {
        if (!DataProtectionProperties.present(base64)) {
            return null;
        }
        String name = DataProtectionProperties.property(version, "encryption-key");
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalStateException(name + " must be 256 bits (32 bytes, base64)");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** Initialised with the secret once; each hash uses a copy (never this one), so any thread may copy it. */
    private static Mac hmac(int version, String secret) {
        if (!DataProtectionProperties.present(secret)) {
            return null;
        }
        if (secret.length() < 32) {
            throw new IllegalStateException(DataProtectionProperties.property(version, "subject-hmac-secret")
                    + " must be at least 32 characters");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** The version new data is sealed and hashed under. */
    public int currentVersion() {
        return current;
    }

    /** Whether data sealed under this version can be read here. */
    public boolean opens(int keyVersion) {
        Version v = versions.get(keyVersion);
        return v != null && v.key() != null;
    }

    /**
     * Seals under the current version. {@code associatedData} binds the ciphertext to its row (e.g. source and
     * subject hash).
     */
    public Sealed encrypt(byte[] plain, String associatedData) {
        return encrypt(plain, associatedData, current);
    }

    /**
     * Seals under a given version: the one a row's other sealed columns are under, when one more is added to
     * it (a row is under one version, {@code key_version}).
     */
    public Sealed encrypt(byte[] plain, String associatedData, int keyVersion) {
        SecretKey key = keyOf(keyVersion);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return new Sealed(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array(),
                    keyVersion);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Opens what {@link #encrypt} sealed under {@code keyVersion}, with the same associated data. */
    public byte[] decrypt(byte[] stored, int keyVersion, String associatedData) {
        SecretKey key = keyOf(keyVersion);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed (wrong key or altered data)", e);
        }
    }

    public byte[] decrypt(Sealed sealed, String associatedData) {
        return decrypt(sealed.ciphertext(), sealed.keyVersion(), associatedData);
    }

    private SecretKey keyOf(int keyVersion) {
        Version v = versions.get(keyVersion);
        if (v == null || v.key() == null) {
            throw new IllegalStateException("No encryption key of version " + keyVersion + " is configured "
                    + "(hub.data-protection)");
        }
        return v.key();
    }

    /**
     * Hex HMAC-SHA256 of data under the current version: equal data digest equal (under one version), nothing
     * can be read back without the key.
     */
    public String digest(byte[] data) {
        return HexFormat.of().formatHex(copy(versions.get(current).hmac()).doFinal(data));
    }

    /**
     * The current version's hash of {@code source:subject}: equal subjects of a source hash equal, nothing can
     * be read back. What is written from now on names the subject by it.
     */
    public String subjectHash(String source, String subject) {
        return subjectHash(source, subject, current);
    }

    /**
     * The subject's hash under every version with an HMAC secret, the current one first, then newest first:
     * what a lookup by subject looks for, since what was written under an older version keeps its hash.
     */
    public List<String> subjectHashes(String source, String subject) {
        List<String> hashes = new ArrayList<>(versions.size());
        hashes.add(subjectHash(source, subject, current));
        for (Map.Entry<Integer, Version> e : versions.descendingMap().entrySet()) {
            if (e.getKey() != current && e.getValue().hmac() != null) {
                hashes.add(subjectHash(source, subject, e.getKey()));
            }
        }
        return hashes;
    }

    private String subjectHash(String source, String subject, int version) {
        byte[] mac = copy(versions.get(version).hmac()).doFinal((source + ":" + subject).getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(mac);
        if (version == 1) {
            return hex;
        }
        String prefix = "k" + version + ":";
        return prefix + hex.substring(0, HASH_LENGTH - prefix.length());
    }

    /** A keyed HMAC-SHA256 of its own: a copy of the initialised one, without looking the algorithm up again. */
    private static Mac copy(Mac hmac) {
        try {
            return (Mac) hmac.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HMAC-SHA256 of this platform cannot be copied", e);
        }
    }
}
