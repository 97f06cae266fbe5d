package vn.lgsp.hub.sources.enterprises;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.Subject;

/**
 * An enterprise code (ma so doanh nghiep, also the tax code): 10 digits whose last is a check digit
 * over the first nine (weights 31,29,23,19,17,13,7,5,3; check = 10 - sum mod 11, 10 being invalid);
 * a branch or dependent unit adds {@code -NNN} (001-999).
 */
public record EnterpriseCode(String value) implements Subject {

    public static final String FIELD = "enterpriseCode";

    private static final Pattern FORMAT = Pattern.compile("([0-9]{10})(?:-([0-9]{3}))?");
    private static final int[] WEIGHTS = {31, 29, 23, 19, 17, 13, 7, 5, 3};

    public static EnterpriseCode parse(String value) {
        Matcher m = value == null ? null : FORMAT.matcher(value);
        if (m == null || !m.matches()) {
            throw invalid("must be NNNNNNNNNN or NNNNNNNNNN-NNN");
        }
        if ("000".equals(m.group(2))) {
            throw invalid("has a branch suffix outside 001-999");
        }
        String base = m.group(1);
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += (base.charAt(i) - '0') * WEIGHTS[i];
        }
        int check = 10 - sum % 11;
        if (check == 10 || check != base.charAt(9) - '0') {
            throw invalid("has a wrong check digit");
        }
        return new EnterpriseCode(value);
    }

    public boolean isBranch() {
        return value.length() > 10;
    }

    @Override
    public String key() {
        return value;
    }

    private static HubException invalid(String message) {
        return HubException.invalid(ErrorCode.INVALID_ENTERPRISE_CODE, FIELD, "The enterprise code " + message);
    }
}
