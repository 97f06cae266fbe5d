package vn.lgsp.hub.sources.lookup;

import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/** The national database answered that it holds no such subject. Not a failure of the source. */
public class SubjectNotFoundException extends HubException {

    public SubjectNotFoundException(String source) {
        super(ErrorCode.SOURCE_NOT_FOUND, "The " + source + " database holds no record of this subject");
    }
}
