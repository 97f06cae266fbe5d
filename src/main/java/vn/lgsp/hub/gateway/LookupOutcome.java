package vn.lgsp.hub.gateway;

import vn.lgsp.hub.common.ErrorCode;

/** How a lookup ended, as counted in metrics (and recorded in the reuse ledger). */
public enum LookupOutcome {
    FOUND, NOT_FOUND, INVALID, REFUSED, FAILED, TIMEOUT, UNAVAILABLE;

    static LookupOutcome of(ErrorCode code) {
        return switch (code) {
            case SOURCE_NOT_FOUND -> NOT_FOUND;
            case SOURCE_REFUSED -> REFUSED;
            case SOURCE_TIMEOUT -> TIMEOUT;
            case SOURCE_UNAVAILABLE -> UNAVAILABLE;
            case SOURCE_BAD_RESPONSE, INTERNAL_ERROR -> FAILED;
            default -> INVALID;
        };
    }
}
