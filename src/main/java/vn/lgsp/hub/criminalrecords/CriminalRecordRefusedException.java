package vn.lgsp.hub.criminalrecords;

import vn.lgsp.hub.common.DeliveryFailures;

/**
 * The criminal-records service answered a submission, and refused it (a JSON
 * {@code {status, statusDescription, errorCode, errorDescription}} in place of its success text):
 * sending it again would be refused again, so it is dead-lettered at once, the request {@code FAILED}
 * with the service's description. The message (for logs and dead-letter headers) carries the code
 * only: the description may quote what was sent.
 */
class CriminalRecordRefusedException extends RuntimeException implements DeliveryFailures.Refusal {

    static final int MAX_DESCRIPTION = 500;

    private final String description;

    CriminalRecordRefusedException(String code, String description) {
        super("The criminal-records service refused the request"
                + (code == null || code.isBlank() ? "" : " (errorCode " + safe(code) + ")"), null, false, false);
        this.description = description;
    }

    /** What the request's client is shown: the service's own words after the code. */
    String forClient() {
        if (description == null || description.isBlank()) {
            return getMessage();
        }
        String words = description.length() > MAX_DESCRIPTION
                ? description.substring(0, MAX_DESCRIPTION) + "…" : description;
        return getMessage() + ": " + words;
    }

    /** A code is shown as it is only when it looks like one. */
    private static String safe(String code) {
        return code.matches("[A-Za-z0-9._-]{1,32}") ? code : "?";
    }
}
