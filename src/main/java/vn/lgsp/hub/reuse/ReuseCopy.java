package vn.lgsp.hub.reuse;

import java.time.Instant;

/** An encrypted canonical answer of a source about one subject, servable until {@code expiresAt}. */
public record ReuseCopy(String source, String subjectHash, byte[] payload, Instant storedAt, Instant expiresAt) {
}
