package vn.lgsp.hub.sources.citizens;

import java.time.Year;
import java.util.Set;
import vn.lgsp.hub.common.Characters;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.Subject;

/**
 * A personal identification number (so dinh danh ca nhan): 3-digit province code of birth
 * registration, a gender/century digit, 2 digits of birth year, 6 random digits. No check digit.
 */
public record PersonalId(String value) implements Subject {

    public static final String FIELD = "personalId";

    /** The 63 birth-registration province codes (Circular 07/2016/TT-BCA); IDs keep them after mergers. */
    static final Set<String> PROVINCE_CODES = Set.of(
            "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
            "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
            "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
            "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
            "089", "091", "092", "093", "094", "095", "096");

    /** Validates {@code value} against the structure of the number, with {@code currentYear} in the business zone. */
    public static PersonalId parse(String value, Year currentYear) {
        if (value == null || !Characters.digits(value, 12)) {
            throw invalid("must be exactly 12 digits");
        }
        if (!PROVINCE_CODES.contains(value.substring(0, 3))) {
            throw invalid("starts with an unknown province code");
        }
        int centuryDigit = value.charAt(3) - '0';
        int birthYear = 1900 + (centuryDigit / 2) * 100 + Characters.number(value, 4, 6);
        if (birthYear > currentYear.getValue()) {
            throw invalid("encodes a birth year in the future");
        }
        return new PersonalId(value);
    }

    /** The birth year the number encodes. */
    public int birthYear() {
        return 1900 + ((value.charAt(3) - '0') / 2) * 100 + Characters.number(value, 4, 6);
    }

    @Override
    public String key() {
        return value;
    }

    @Override
    public String toString() {
        return "PersonalId[***]";
    }

    private static HubException invalid(String message) {
        return HubException.invalid(ErrorCode.INVALID_PERSONAL_ID, FIELD, "The personal identification number " + message);
    }
}
