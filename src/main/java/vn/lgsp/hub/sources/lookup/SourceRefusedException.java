package vn.lgsp.hub.sources.lookup;

import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * The national database answered, and refused this lookup: the procedure is not licensed to use its
 * data, or the officer is not authorised. A normal answer, not a failure of the source: the breaker
 * ignores it. The detail names the reason, never the request.
 */
public class SourceRefusedException extends HubException {

    public SourceRefusedException(String source, String reason) {
        super(ErrorCode.SOURCE_REFUSED, "The " + source + " database refused the lookup: " + reason);
    }
}
