package vn.lgsp.hub.portal;

import vn.lgsp.hub.common.DeliveryFailures;

/**
 * The portal answered, and refused the dossier ({@code error_code} other than 0): sending it again would
 * be refused again, so it is dead-lettered at once, the dossier {@code FAILED} with the portal's message.
 */
class PortalRefusedException extends RuntimeException implements DeliveryFailures.Refusal {

    private final String portalMessage;

    PortalRefusedException(String code, String portalMessage) {
        super("The portal refused the dossier (error_code " + code + ")", null, false, false);
        this.portalMessage = portalMessage;
    }

    /** What the dossier's client is shown: the portal's own words after the code. */
    String forClient() {
        if (portalMessage == null || portalMessage.isBlank()) {
            return getMessage();
        }
        String words = portalMessage.length() > 500 ? portalMessage.substring(0, 500) + "…" : portalMessage;
        return getMessage() + ": " + words;
    }
}
