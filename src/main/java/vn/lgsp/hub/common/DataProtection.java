package vn.lgsp.hub.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encryption at rest (AES-256-GCM, a fresh 96-bit nonce per message, stored before the
 * ciphertext) and the keyed hash (HMAC-SHA256) that stands for a subject in the ledger.
 */
@Component
public class DataProtection {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    /** Initialised with the key once; each hash uses a copy (never this one), so any thread may copy it. */
    private final Mac hmac;
    private final SecureRandom random = new SecureRandom();

    public DataProtection(DataProtectionProperties properties) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(properties.encryptionKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.data-protection.encryption-key must be base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalStateException("hub.data-protection.encryption-key must be 256 bits (32 bytes, base64)");
        }
        if (properties.subjectHmacSecret().length() < 32) {
            throw new IllegalStateException("hub.data-protection.subject-hmac-secret must be at least 32 characters");
        }
        this.key = new SecretKeySpec(raw, "AES");
        try {
            this.hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(properties.subjectHmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** {@code associatedData} binds the ciphertext to its row (e.g. source and subject hash). */
    public byte[] encrypt(byte[] plain, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] stored, String associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed (wrong key or altered data)", e);
        }
    }

    /** Hex HMAC-SHA256 of data: equal data digest equal, nothing can be read back without the key. */
    public String digest(byte[] data) {
        return HexFormat.of().formatHex(hmac().doFinal(data));
    }

    /** Hex HMAC-SHA256 of {@code source:subject}: equal subjects of a source hash equal, nothing can be read back. */
    public String subjectHash(String source, String subject) {
        return digest((source + ":" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /** A keyed HMAC-SHA256 of its own: a copy of the initialised one, without looking the algorithm up again. */
    private Mac hmac() {
        try {
            return (Mac) hmac.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HMAC-SHA256 of this platform cannot be copied", e);
        }
    }
}
