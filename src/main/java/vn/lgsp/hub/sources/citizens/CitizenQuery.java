package vn.lgsp.hub.sources.citizens;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.Subject;

/**
 * A citizen lookup as the population database takes it: the personal ID, and the name and birth date
 * it must match, asked by an officer of an agency for a procedure. Its key is the personal ID alone,
 * so the ledger and the reuse store see the same subject whatever name was given.
 *
 * <p>{@code fullName} and {@code birth} are null only for a lookup of the migration period (until
 * {@code copyOnlyUntil}), which only a stored copy may answer ({@link #copyOnly}).
 */
public record CitizenQuery(PersonalId personalId, String fullName, BirthDate birth, String procedureCode,
                           String officerId, String agencyCode, LocalDate copyOnlyUntil) implements Subject {

    /** The personal ID, for route expressions ({@code ${exchangeProperty.lookup.subject.value}}). */
    public String value() {
        return personalId.value();
    }

    @Override
    public String key() {
        return personalId.key();
    }

    @Override
    public boolean copyOnly() {
        return copyOnlyUntil != null;
    }

    @Override
    public HubException withoutCopy() {
        return CitizenSubjects.missing(List.of(CitizenSubjects.FULL_NAME, CitizenSubjects.BIRTH_DATE),
                " (until " + copyOnlyUntil + ", a lookup without them is answered only from a stored copy, and "
                + "there is none)");
    }

    /** The day after the last day of the migration period, midnight in the business time zone. */
    @Override
    public String sunset() {
        return copyOnlyUntil == null ? null : DateTimeFormatter.RFC_1123_DATE_TIME.format(
                copyOnlyUntil.plusDays(1).atStartOfDay(BusinessTime.ZONE));
    }

    @Override
    public boolean restrictsCopies() {
        return !copyOnly();
    }

    /** The name and birth date must match the copy as the population database would match them. */
    @Override
    public boolean matches(JsonNode copy) {
        if (copyOnly()) {
            return true;
        }
        String name = copy.path("fullName").asText(null);
        if (name == null || !PopulationNames.normalise(name).equals(PopulationNames.normalise(fullName))) {
            return false;
        }
        LocalDate date = null;
        if (copy.path("dateOfBirth").isTextual()) {
            try {
                date = LocalDate.parse(copy.path("dateOfBirth").asText());
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        JsonNode year = copy.path("birthYear");
        return birth.matches(date, year.isInt() ? year.asInt() : null);
    }

    @Override
    public String toString() {
        return "CitizenQuery[***]";
    }
}
