package vn.lgsp.hub.sources;

import org.apache.camel.Message;
import vn.lgsp.hub.common.HubException;

/**
 * Reads and validates a source's subject from the incoming request (path parameters are Camel
 * headers). Invalid input fails with a {@link HubException} before anything leaves the hub.
 */
public interface SubjectParser {

    /** The source name, as under {@code hub.sources}. */
    String source();

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
