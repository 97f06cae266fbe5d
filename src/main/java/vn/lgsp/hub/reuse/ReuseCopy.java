package vn.lgsp.hub.reuse;

import java.time.Instant;

/**
 * An encrypted canonical answer of a source about one subject, servable until {@code expiresAt}.
 * {@code digest} is the keyed digest of the answer without its retrieval time: a stored copy with the
 * same digest is left as it is unless it expires before {@code renewBefore}. {@code keyVersion} is the key
 * version the payload is sealed under.
 */
public record ReuseCopy(String source, String subjectHash, byte[] payload, int keyVersion, String digest,
                        Instant storedAt, Instant expiresAt, Instant renewBefore) {
}
