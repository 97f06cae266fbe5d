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

    Subject parse(Message request);

    /** The subject as the caller gave it, unvalidated: hashed into the ledger when it is invalid. */
    String raw(Message request);
}
