package vn.lgsp.hub.common;

/**
 * The rules of the codes that name a dossier's context (docs/domain.md): a reference (a dossier id, an
 * officer, an agency code) and a national procedure code. Dossiers, lookups' context headers and the
 * reports' filters are checked by these, so that what one accepts the others can find.
 */
public final class Codes {

    /** What {@link #isReference} requires, as a problem names it. */
    public static final String REFERENCE_RULE = "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";
    /** What {@link #isProcedureCode} requires, as a problem names it. */
    public static final String PROCEDURE_CODE_RULE = "must be a national procedure code such as 1.001612";

    private Codes() {
    }

    /** A dossier, officer or agency reference: 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'. */
    public static boolean isReference(String value) {
        return Characters.alphanumeric(value, 1, 64, "._-");
    }

    /** A national procedure code: a digit, a dot and six digits ({@code 1.001612}). */
    public static boolean isProcedureCode(String value) {
        return value != null && value.length() == 8 && Characters.isDigit(value.charAt(0)) && value.charAt(1) == '.'
                && Characters.digits(value, 2, 8);
    }
}
