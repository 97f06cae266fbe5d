package vn.lgsp.hub.sources.citizens;

import java.time.DateTimeException;
import java.time.LocalDate;
import vn.lgsp.hub.common.Characters;

/**
 * A date as the population database writes it: {@code yyyyMMdd} ({@code NgayThangNam} of its answer and
 * of a lookup's birth date), for years 1000 to 9999. Read and written by hand: it is on every citizen
 * lookup, twice.
 */
final class WireDate {

    private WireDate() {
    }

    /** {@code yyyyMMdd}, or null when {@code value} is not a valid date in that form. */
    static LocalDate parse(String value) {
        if (!Characters.digits(value, 8) || value.charAt(0) == '0') {
            return null;
        }
        return date(value, 0, 4, 6);
    }

    /** {@code yyyy-MM-dd} (the lookup's {@code birthDate}), or null when {@code value} is not a valid date in that form. */
    static LocalDate parseIso(String value) {
        if (value == null || value.length() != 10 || value.charAt(4) != '-' || value.charAt(7) != '-'
                || value.charAt(0) == '0' || !Characters.digits(value, 0, 4) || !Characters.digits(value, 5, 7)
                || !Characters.digits(value, 8, 10)) {
            return null;
        }
        return date(value, 0, 5, 8);
    }

    private static LocalDate date(String value, int year, int month, int day) {
        try {
            return LocalDate.of(Characters.number(value, year, year + 4), Characters.number(value, month, month + 2),
                    Characters.number(value, day, day + 2));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code date} as {@code yyyyMMdd}; its year has four digits. */
    static String format(LocalDate date) {
        int year = date.getYear();
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        char[] text = {
                (char) ('0' + year / 1000), (char) ('0' + year / 100 % 10), (char) ('0' + year / 10 % 10),
                (char) ('0' + year % 10), (char) ('0' + month / 10), (char) ('0' + month % 10),
                (char) ('0' + day / 10), (char) ('0' + day % 10)};
        return new String(text);
    }
}
