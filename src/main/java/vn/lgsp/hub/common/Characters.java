package vn.lgsp.hub.common;

/**
 * Checks of short values character by character. The rules they check (a procedure code, a personal
 * id, a dossier reference) are checked on every lookup, where a regular expression's matcher cost more
 * than the check itself.
 */
public final class Characters {

    private Characters() {
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether code point {@code c} is a combining mark ({@code \p{M}}: a diacritic of a decomposed letter). */
    public static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    /** Whether {@code value} is exactly {@code length} ASCII digits. */
    public static boolean digits(String value, int length) {
        return value != null && value.length() == length && digits(value, 0, length);
    }

    /** Whether {@code value} is one or more ASCII digits. */
    public static boolean digits(String value) {
        return value != null && !value.isEmpty() && digits(value, 0, value.length());
    }

    /** Whether the characters of {@code value} from {@code start} to {@code end} (exclusive) are ASCII digits. */
    public static boolean digits(String value, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code value} has {@code min} to {@code max} characters, each an ASCII letter or digit or
     * one of {@code others}.
     */
    public static boolean alphanumeric(String value, int min, int max, String others) {
        if (value == null || value.length() < min || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(isDigit(c) || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || others.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** The value of the ASCII digits of {@code value} from {@code start} to {@code end}; they must be digits. */
    public static int number(String value, int start, int end) {
        int n = 0;
        for (int i = start; i < end; i++) {
            n = n * 10 + (value.charAt(i) - '0');
        }
        return n;
    }
}
