package vn.lgsp.hub.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of text (UTF-8), from a digest made once and copied for each use: looking the algorithm up
 * among the security providers cost more than hashing an API key, on every request.
 */
public final class Digests {

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Digests() {
    }

    public static byte[] sha256(String value) {
        try {
            // the prototype is never updated, so copies of it may be made from any thread
            return ((MessageDigest) SHA_256.clone()).digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this platform cannot be copied", e);
        }
    }

    /** Lower-case hex. */
    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }
}
