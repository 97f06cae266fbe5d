package vn.lgsp.hub.sources.citizens;

import java.time.LocalDate;
import vn.lgsp.hub.common.Characters;

/**
 * A birth date as the population database matches it: the full date, or the year alone when that is
 * all that is known ({@code NgayThangNamSinh} holds {@code NgayThangNam} or {@code Nam}).
 *
 * @param date the full date, or null when only the year is known
 * @param year the year of birth
 */
public record BirthDate(LocalDate date, int year) {

    /** {@code YYYY-MM-DD} or {@code YYYY}, not before 1900 nor after {@code today}; null when it is neither. */
    static BirthDate parse(String value, LocalDate today) {
        if (value == null) {
            return null;
        }
        BirthDate birth;
        if (value.length() == 4 && Characters.digits(value)) {
            birth = new BirthDate(null, Characters.number(value, 0, 4));
        } else {
            LocalDate date = WireDate.parseIso(value);
            if (date == null) {
                return null;
            }
            birth = new BirthDate(date, date.getYear());
        }
        boolean tooLate = birth.date != null ? birth.date.isAfter(today) : birth.year > today.getYear();
        return birth.year < 1900 || tooLate ? null : birth;
    }

    /** As the population database takes it: {@code yyyyMMdd} for a full date, else the year. */
    String wireValue() {
        // years are 1900 and later (above): four digits
        return date == null ? Integer.toString(year) : WireDate.format(date);
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
