package vn.lgsp.hub.portal;

import vn.lgsp.hub.common.DeliveryFailures;

/**
 * A delivery that did not reach the portal or was not understood: retried with backoff, then
 * dead-lettered. Its message is safe to show and log (no bodies, no personal data).
 */
class PortalFailureException extends RuntimeException implements DeliveryFailures.Described {

    PortalFailureException(String message) {
        super(message, null, false, false);
    }

    PortalFailureException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
