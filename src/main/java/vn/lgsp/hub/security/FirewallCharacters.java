package vn.lgsp.hub.security;

/**
 * The characters Spring Security's firewall lets through in header and parameter names (assigned in
 * Unicode, not a control character) and header values (the same, and a tab), checked by walking the
 * text: the firewall's own rules are regular expressions, matched for every header of every request.
 */
final class FirewallCharacters {

    private FirewallCharacters() {
    }

    /** Spring's {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
    static boolean name(String text) {
        return allowed(text, false);
    }

    /** Spring's {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}. */
    static boolean headerValue(String text) {
        return allowed(text, true);
    }

    private static boolean allowed(String text, boolean tab) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.getType(c) == Character.UNASSIGNED || Character.isISOControl(c) && !(tab && c == '\t')) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
