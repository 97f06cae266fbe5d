package vn.lgsp.hub.sources.citizens;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A birth date as the population database matches it: the full date, or the year alone when that is
 * all that is known ({@code NgayThangNamSinh} holds {@code NgayThangNam} or {@code Nam}).
 *
 * @param date the full date, or null when only the year is known
 * @param year the year of birth
 */
public record BirthDate(LocalDate date, int year) {

    private static final Pattern FULL = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern YEAR = Pattern.compile("[0-9]{4}");

    /** {@code YYYY-MM-DD} or {@code YYYY}, not before 1900 nor after {@code today}; null when it is neither. */
    static BirthDate parse(String value, LocalDate today) {
        if (value == null) {
            return null;
        }
        BirthDate birth;
        try {
            if (FULL.matcher(value).matches()) {
                LocalDate date = LocalDate.parse(value);
                birth = new BirthDate(date, date.getYear());
            } else if (YEAR.matcher(value).matches()) {
                birth = new BirthDate(null, Year.parse(value).getValue());
            } else {
                return null;
            }
        } catch (DateTimeException e) {
            return null;
        }
        boolean tooLate = birth.date != null ? birth.date.isAfter(today) : birth.year > today.getYear();
        return birth.year < 1900 || tooLate ? null : birth;
    }

    /** As the population database takes it: {@code yyyyMMdd} for a full date, else the year. */
    String wireValue() {
        // years are 1900 and later (above): four digits, like BASIC_ISO_DATE's
        return date == null ? Integer.toString(year) : date.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    /** Whether a citizen born on {@code date} (null if unknown) in {@code birthYear} matches this birth date. */
    boolean matches(LocalDate otherDate, Integer otherYear) {
        if (date != null && otherDate != null) {
            return date.equals(otherDate);
        }
        int other = otherDate != null ? otherDate.getYear() : otherYear == null ? -1 : otherYear;
        return year == other;
    }
}
