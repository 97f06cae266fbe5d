package vn.lgsp.hub.sources.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import vn.lgsp.hub.common.HubException;

/** The validated identifier of what a lookup asks a national database about. */
public interface Subject {

    /** A canonical string form of the subject, e.g. for hashing into the ledger. Never logged. */
    String key();

    /**
     * Whether a stored copy of the subject's canonical answer may answer this lookup. A source that
     * answers only when more than the key matches (the population database also matches the name and
     * birth date) holds its copies to the same rule.
     */
    default boolean matches(JsonNode canonicalCopy) {
        return true;
    }

    /** Whether {@link #matches} may refuse a copy; when not, a copy is served without being read. */
    default boolean restrictsCopies() {
        return false;
    }

    /**
     * Whether only a stored copy may answer: the lookup lacks what the source needs to be called (a
     * citizen lookup of the migration period without name and birth date, docs/api.md).
     */
    default boolean copyOnly() {
        return false;
    }

    /** The refusal of a {@link #copyOnly} lookup for which there is no copy. */
    default HubException withoutCopy() {
        throw new IllegalStateException("Only a copy-only lookup can lack a copy");
    }

    /** The {@code Sunset} header (RFC 8594) of a {@link #copyOnly} lookup's answer, or null. */
    default String sunset() {
        return null;
    }
}
