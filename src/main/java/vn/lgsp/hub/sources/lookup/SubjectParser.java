package vn.lgsp.hub.sources.lookup;

import org.apache.camel.Message;
import vn.lgsp.hub.common.HubException;

/**
 * Reads and validates a source's subject from the incoming request (path parameters are Camel
 * headers). Invalid input fails with a {@link HubException} before anything leaves the hub.
 */
public interface SubjectParser {

    /** The source name, as under {@code hub.sources}. */
    String source();

    /**
     * The source's own lookup path under {@code /api/v1}, its subject in path parameters, e.g.
     * {@code /citizens/{personalId}}: the lookup route and the security rule of the path are made from it.
     * By default none: the source is looked up at {@code /api/v1/lookups/{source}/{subject}} only.
     */
    default String path() {
        return null;
    }

    /**
     * The fixed start of {@link #path()}, up to its first path parameter ({@code /land-parcels/} of
     * {@code /land-parcels/{communeCode}/...}); null without a path of its own.
     */
    default String pathPrefix() {
        String path = path();
        if (path == null) {
            return null;
        }
        int variable = path.indexOf('{');
        return variable < 0 ? path : path.substring(0, variable);
    }

    /**
     * Whether the source is the population database: a dossier it answered for counts as connected
     * with citizen data in the reuse report (docs/reuse-reporting.md).
     */
    default boolean citizenData() {
        return false;
    }

    /**
     * Which of a dossier's subjects the source is asked about (a procedure's pre-fill gives it); null when the
     * hub does not know (a source an administrator added takes any subject its pattern matches).
     */
    default SubjectKind subjectKind() {
        return null;
    }

    /**
     * The canonical model the source answers with: its field paths ({@link CanonicalFields}) are what a
     * procedure may ask of the source. Null when the hub has none in Java.
     */
    default Class<?> canonicalModel() {
        return null;
    }

    /** The subject on the source's own path (path parameters are headers). */
    Subject parse(Message request);

    /** The subject given as the one segment of {@code GET /api/v1/lookups/{source}/{subject}}. */
    Subject parse(String subject);

    /**
     * The subject given as that segment, with what else the request says about it (query parameters,
     * headers): by default the segment alone.
     */
    default Subject parse(String subject, Message request) {
        return parse(subject);
    }

    /** The subject as the caller gave it, unvalidated: hashed into the ledger when it is invalid. */
    String raw(Message request);
}
