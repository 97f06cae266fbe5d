package vn.lgsp.hub.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ed25519 keys of the ledger's checkpoints: the hub signs with its private key, and anyone holding the
 * public keys (the current one and those it replaced) verifies, the offline verifier too. A key is named by
 * the first 16 hex digits of the SHA-256 of its public key's encoding.
 */
public final class LedgerSigning {

    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final String keyId;
    private final Map<String, PublicKey> publicKeys;

    private LedgerSigning(PrivateKey privateKey, String keyId, Map<String, PublicKey> publicKeys) {
        this.privateKey = privateKey;
        this.keyId = keyId;
        this.publicKeys = publicKeys;
    }

    /**
     * Signs with {@code privateKey} (base64 PKCS#8), which must pair with {@code publicKey} (base64 X.509);
     * verifies under it and {@code previousPublicKeys}.
     */
    public static LedgerSigning of(String privateKey, String publicKey, List<String> previousPublicKeys) {
        PrivateKey signing;
        try {
            signing = KeyFactory.getInstance(ALGORITHM).generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("hub.ledger.chain.private-key must be a base64 PKCS#8 Ed25519 private key", e);
        }
        LedgerSigning keys = verifying(publicKey, previousPublicKeys, signing);
        byte[] probe = "LGSP-LEDGER-KEY-PROBE".getBytes(StandardCharsets.US_ASCII);
        if (!keys.verify(keys.keyId, probe, keys.signBytes(probe))) {
            throw new IllegalStateException("hub.ledger.chain.private-key and public-key are not one key pair");
        }
        return keys;
    }

    /** Verifies only (the offline verifier): the public keys, base64 X.509, the first the current one. */
    public static LedgerSigning verifying(String publicKey, List<String> previousPublicKeys) {
        return verifying(publicKey, previousPublicKeys, null);
    }

    private static LedgerSigning verifying(String publicKey, List<String> previous, PrivateKey signing) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        String current = add(keys, publicKey, "hub.ledger.chain.public-key");
        for (String p : previous == null ? List.<String>of() : previous) {
            add(keys, p, "hub.ledger.chain.previous-public-keys");
        }
        return new LedgerSigning(signing, current, Map.copyOf(keys));
    }

    private static String add(Map<String, PublicKey> keys, String base64, String setting) {
        try {
            byte[] encoded = Base64.getDecoder().decode(base64.trim());
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded)).substring(0, 16);
            keys.put(id, key);
            return id;
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException(setting + " must hold base64 X.509 Ed25519 public keys", e);
        }
    }

    /** The id of the key checkpoints are signed with now. */
    public String keyId() {
        return keyId;
    }

    /** The text a checkpoint signs: the batch's number and hash, and when. */
    public static byte[] signed(long seq, String batchHash, Instant signedAt) {
        return ("LGSP-LEDGER-CHECKPOINT-1\n" + seq + "\n" + batchHash + "\n" + signedAt)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A base64 signature of a checkpoint under the current key. */
    public String sign(long seq, String batchHash, Instant signedAt) {
        return Base64.getEncoder().encodeToString(signBytes(signed(seq, batchHash, signedAt)));
    }

    /** Whether {@code signature} is a checkpoint's under the key named, one of the keys known. */
    public boolean verify(String keyId, long seq, String batchHash, Instant signedAt, String signature) {
        try {
            return verify(keyId, signed(seq, batchHash, signedAt), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A base64 signature of any text under the current key (an archive's manifest). */
    public String signText(byte[] message) {
        return Base64.getEncoder().encodeToString(signBytes(message));
    }

    /** Whether {@code signature} (base64) signs {@code message} under the key named, one of the keys known. */
    public boolean verifySigned(String keyId, byte[] message, String signature) {
        try {
            return verify(keyId, message, Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private byte[] signBytes(byte[] message) {
        if (privateKey == null) {
            throw new IllegalStateException("these keys only verify");
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private boolean verify(String keyId, byte[] message, byte[] signature) {
        PublicKey key = publicKeys.get(keyId);
        if (key == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
