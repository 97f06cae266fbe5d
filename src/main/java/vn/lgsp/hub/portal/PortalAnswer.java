package vn.lgsp.hub.portal;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * What the portal's answer to a call says (docs/national-systems.md §5.4): HTTP 200 with
 * {@code {"error_code": …, "message": …}}, where {@code 0} (also written {@code "0"} or {@code "00"}) is
 * success, a message saying the dossier already exists ("đã tồn tại") asks for the update instead of the
 * create, an expired session is one of the codes configured as such, and any other code is a refusal.
 *
 * @param code the {@code error_code} as text, or null when the answer had none
 * @param message the portal's {@code message}, or null
 */
record PortalAnswer(Kind kind, String code, String message) {

    enum Kind { SUCCESS, EXISTS, SESSION_EXPIRED, REFUSED, UNREADABLE }

    private static final String ALREADY_EXISTS = "đã tồn tại";

    /** Reads an answer's body, already parsed (null when it was not JSON). */
    static PortalAnswer read(JsonNode body, List<String> sessionExpiredCodes) {
        if (body == null || !body.isObject()) {
            return new PortalAnswer(Kind.UNREADABLE, null, null);
        }
        JsonNode codeNode = body.get("error_code");
        if (codeNode == null || !(codeNode.isTextual() || codeNode.isIntegralNumber())) {
            return new PortalAnswer(Kind.UNREADABLE, null, null);
        }
        String code = codeNode.asText().trim();
        JsonNode messageNode = body.get("message");
        String message = messageNode == null || messageNode.isNull() ? null : messageNode.asText();
        if (isZero(code)) {
            return new PortalAnswer(Kind.SUCCESS, code, message);
        }
        if (message != null && Normalizer.normalize(message, Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                .contains(ALREADY_EXISTS)) {
            return new PortalAnswer(Kind.EXISTS, code, message);
        }
        if (sessionExpiredCodes.contains(code)) {
            return new PortalAnswer(Kind.SESSION_EXPIRED, code, message);
        }
        return new PortalAnswer(Kind.REFUSED, code, message);
    }

    /** 0, "0", "00": the public integrations read success as any of them. */
    private static boolean isZero(String code) {
        if (code.isEmpty() || code.length() > 4) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
