package vn.lgsp.hub.support;

import java.util.Random;
import java.util.Set;

/**
 * The identifier rules of docs/domain.md written out independently of the hub's validators, and a
 * generator of near-miss identifiers, for the fuzz tests: a seeded {@link Random} makes a run
 * replayable.
 */
public final class Identifiers {

    /** The 63 birth-registration province codes (Circular 07/2016/TT-BCA). */
    public static final Set<String> PROVINCES = Set.of(
            "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
            "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
            "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
            "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
            "089", "091", "092", "093", "094", "095", "096");

    private static final int[] WEIGHTS = {31, 29, 23, 19, 17, 13, 7, 5, 3};

    /** Characters a mutation puts in: ASCII, look-alike digits, separators, controls, surrogates. */
    private static final String[] ALPHABET = {
        "0", "1", "5", "9", "a", "Z", "-", "_", ".", "/", "\\", " ", "+", "%", ";", "'", "\"", "<", "&", "=",
        "\u0000", "\t", "\n", "\r", "\u007f", "\u00a0", "\u200b", "\u202e", "\uff10", "\uff19", "\u0660",
        "\u06f5", "\u0966", "\u00b9", "\u2460", "\u041e", "\u00e9", "\ud83d\ude00", "\ud800", "\ufeff"};

    private Identifiers() {
    }

    public static boolean validPersonalId(String id, int currentYear) {
        if (id == null || !asciiDigits(id) || id.length() != 12 || !PROVINCES.contains(id.substring(0, 3))) {
            return false;
        }
        int century = (id.charAt(3) - '0') / 2;
        int year = 1900 + century * 100 + Integer.parseInt(id.substring(4, 6));
        return year <= currentYear;
    }

    public static boolean validEnterpriseCode(String code) {
        if (code == null) {
            return false;
        }
        String base = code;
        if (code.length() == 14) {
            if (code.charAt(10) != '-' || !asciiDigits(code.substring(11)) || code.endsWith("-000")) {
                return false;
            }
            base = code.substring(0, 10);
        }
        if (base.length() != 10 || !asciiDigits(base)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (base.charAt(i) - '0') * WEIGHTS[i];
        }
        int check = 10 - sum % 11;
        return check < 10 && check == base.charAt(9) - '0';
    }

    /** Commune code of 5 digits; map sheet and parcel number positive integers (of at most 9 digits). */
    public static boolean validLandParcel(String commune, String sheet, String parcel) {
        return commune != null && commune.length() == 5 && asciiDigits(commune) && positive(sheet) && positive(parcel);
    }

    /** A valid personal ID for the year: random province, century and random digits. */
    public static String personalId(Random random, int currentYear) {
        String[] provinces = PROVINCES.toArray(String[]::new);
        java.util.Arrays.sort(provinces);
        int year = 1900 + random.nextInt(currentYear - 1900 + 1);
        int centuryDigit = (year - 1900) / 100 * 2 + random.nextInt(2);
        return provinces[random.nextInt(provinces.length)] + centuryDigit + String.format("%02d", year % 100)
                + digits(random, 6);
    }

    /** A valid enterprise code, a branch one time in four. */
    public static String enterpriseCode(Random random) {
        while (true) {
            String first = digits(random, 9);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (first.charAt(i) - '0') * WEIGHTS[i];
            }
            int check = 10 - sum % 11;
            if (check < 10) {
                String code = first + check;
                return random.nextInt(4) == 0 ? code + "-" + String.format("%03d", 1 + random.nextInt(999)) : code;
            }
        }
    }

    /** One to three random edits of a value: replace, insert, delete, swap, cut, pad, or a digit changed. */
    public static String mutate(Random random, String value) {
        String result = value;
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            result = edit(random, result);
        }
        return result;
    }

    /** A random string of the alphabet, 0 to {@code max} symbols. */
    public static String noise(Random random, int max) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(max + 1);
        for (int i = 0; i < length; i++) {
            out.append(random.nextInt(3) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)]
                    : String.valueOf((char) (0x20 + random.nextInt(0x5f))));
        }
        return out.toString();
    }

    public static String digits(Random random, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private static String edit(Random random, String value) {
        int at = value.isEmpty() ? 0 : random.nextInt(value.length());
        String symbol = random.nextBoolean() ? String.valueOf((char) ('0' + random.nextInt(10)))
                : ALPHABET[random.nextInt(ALPHABET.length)];
        return switch (random.nextInt(9)) {
            case 0 -> value.isEmpty() ? symbol : value.substring(0, at) + symbol + value.substring(at + 1);
            case 1 -> value.substring(0, at) + symbol + value.substring(at);
            case 2 -> value.isEmpty() ? value : value.substring(0, at) + value.substring(at + 1);
            case 3 -> value.length() < 2 || at == value.length() - 1 ? value
                    : value.substring(0, at) + value.charAt(at + 1) + value.charAt(at) + value.substring(at + 2);
            case 4 -> value.substring(0, at);
            case 5 -> random.nextBoolean() ? " " + value : value + symbol;
            case 6 -> value + value.substring(at);
            default -> value.isEmpty() || !Character.isDigit(value.charAt(at)) ? value
                    : value.substring(0, at) + (char) ('0' + (value.charAt(at) - '0' + 1 + random.nextInt(9)) % 10)
                    + value.substring(at + 1);
        };
    }

    private static boolean positive(String value) {
        if (value == null || value.isEmpty() || value.length() > 9 || !asciiDigits(value)) {
            return false;
        }
        return Integer.parseInt(value) > 0;
    }

    private static boolean asciiDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return !value.isEmpty();
    }
}
