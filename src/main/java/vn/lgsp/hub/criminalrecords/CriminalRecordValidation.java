package vn.lgsp.hub.criminalrecords;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.HubException.FieldProblem;
import vn.lgsp.hub.sources.citizens.PersonalId;

/**
 * The rules a certificate request must meet before anything leaves the hub. Every broken rule is
 * named; no value is echoed. A malformed personal ID makes the problem
 * {@code client.invalid_personal_id}, anything else {@code client.invalid_request}.
 */
final class CriminalRecordValidation {

    static final int MAX_PURPOSE = 500;
    static final int MAX_FULL_NAME = 200;
    static final int MAX_COPIES = 10;
    static final int MAX_RESIDENCES = 20;
    static final int MAX_PLACE = 300;
    static final int MAX_UNIT_NAME = 100;
    static final int MAX_EMAIL = 254;
    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern ISO_MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");
    private static final Pattern YEAR = Pattern.compile("[0-9]{4}");
    /** A code the service's lists give (purpose, document type): passed through, so only its shape is checked. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,20}");
    private static final Pattern UNIT_CODE = Pattern.compile("[A-Za-z0-9.]{1,16}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern ETHNICITY = Pattern.compile("[0-9]{2}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{8,15}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}.]{2,}");
    private static final Set<String> CHANNELS = Set.of(CriminalRecordEnvelope.ONLINE, CriminalRecordEnvelope.AT_COUNTER);
    private static final Set<String> GENDERS = Set.of("MALE", "FEMALE");
    private static final Pattern REQUEST_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CriminalRecordValidation() {
    }

    static void document(CriminalRecordDocument d, Clock clock) {
        if (d == null) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "A certificate request is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        ErrorCode code = ErrorCode.INVALID_REQUEST;
        if (d.personalId() == null) {
            problems.add(new FieldProblem(PersonalId.FIELD, "is required"));
        } else {
            try {
                PersonalId.parse(d.personalId(), Year.now(clock));
            } catch (HubException e) {
                code = e.code();
                problems.addAll(e.errors());
            }
        }
        if (d.certificateType() == null || (d.certificateType() != 1 && d.certificateType() != 2)) {
            problems.add(new FieldProblem("certificateType", "must be 1 or 2"));
        }
        text(problems, "purpose", d.purpose(), MAX_PURPOSE);
        pattern(problems, "purposeCode", d.purposeCode(), CODE, "must be a code of 1-20 of A-Z a-z 0-9 . _ -");
        if (d.copies() != null && (d.copies() < 1 || d.copies() > MAX_COPIES)) {
            problems.add(new FieldProblem("copies", "must be 1-" + MAX_COPIES));
        }
        oneOf(problems, "channel", d.channel(), CHANNELS);
        if (d.applicant() == null) {
            problems.add(new FieldProblem("applicant", "is required: fullName and dateOfBirth"));
        } else {
            applicant(problems, d.applicant(), clock);
        }
        if (!problems.isEmpty()) {
            throw new HubException(code, "The certificate request is invalid: "
                    + problems.stream().map(FieldProblem::field).collect(Collectors.joining(", ")), problems);
        }
    }

    private static void applicant(List<FieldProblem> problems, CriminalRecordDocument.Applicant a, Clock clock) {
        text(problems, "applicant.fullName", a.fullName(), MAX_FULL_NAME);
        LocalDate born = dateOfBirth(problems, a.dateOfBirth(), clock);
        oneOf(problems, "applicant.gender", a.gender(), GENDERS);
        optionalText(problems, "applicant.otherName", a.otherName(), MAX_FULL_NAME);
        pattern(problems, "applicant.nationality", a.nationality(), COUNTRY,
                "must be an ISO 3166-1 alpha-2 country code (2 capital letters)");
        pattern(problems, "applicant.ethnicity", a.ethnicity(), ETHNICITY, "must be two digits");
        if (a.idDocument() != null) {
            CriminalRecordDocument.IdDocument id = a.idDocument();
            pattern(problems, "applicant.idDocument.type", id.type(), CODE,
                    "must be a code of 1-20 of A-Z a-z 0-9 . _ -");
            LocalDate issued = pastDate(problems, "applicant.idDocument.issuedOn", id.issuedOn(), false, clock);
            if (issued != null && born != null && issued.isBefore(born)) {
                problems.add(new FieldProblem("applicant.idDocument.issuedOn", "must not be before the date of birth"));
            }
            optionalText(problems, "applicant.idDocument.issuedBy", id.issuedBy(), MAX_FULL_NAME);
        }
        if (a.phone() != null && !PHONE.matcher(a.phone()).matches()) {
            problems.add(new FieldProblem("applicant.phone", "must be 8-15 digits, optionally after a +"));
        }
        if (a.email() != null && (a.email().length() > MAX_EMAIL || !EMAIL.matcher(a.email().trim()).matches())) {
            problems.add(new FieldProblem("applicant.email", "must be an e-mail address of at most " + MAX_EMAIL
                    + " characters"));
        }
        address(problems, "applicant.permanentAddress", a.permanentAddress());
        address(problems, "applicant.temporaryAddress", a.temporaryAddress());
        address(problems, "applicant.placeOfBirth", a.placeOfBirth());
        if (a.residences() != null) {
            if (a.residences().size() > MAX_RESIDENCES) {
                problems.add(new FieldProblem("applicant.residences", "must hold at most " + MAX_RESIDENCES + " periods"));
            } else {
                for (int i = 0; i < a.residences().size(); i++) {
                    residence(problems, "applicant.residences[" + i + "]", a.residences().get(i), clock);
                }
            }
        }
        relative(problems, "applicant.father", a.father(), clock);
        relative(problems, "applicant.mother", a.mother(), clock);
        relative(problems, "applicant.spouse", a.spouse(), clock);
    }

    private static void address(List<FieldProblem> problems, String field, CriminalRecordDocument.Address a) {
        if (a == null) {
            return;
        }
        if (a.provinceCode() == null && a.districtCode() == null && a.wardCode() == null && a.detail() == null) {
            problems.add(new FieldProblem(field, "must name a province, district or ward code, or a detail"));
        }
        String codeRule = "must be a code of 1-16 of A-Z a-z 0-9 .";
        pattern(problems, field + ".provinceCode", a.provinceCode(), UNIT_CODE, codeRule);
        pattern(problems, field + ".districtCode", a.districtCode(), UNIT_CODE, codeRule);
        pattern(problems, field + ".wardCode", a.wardCode(), UNIT_CODE, codeRule);
        optionalText(problems, field + ".provinceName", a.provinceName(), MAX_UNIT_NAME);
        optionalText(problems, field + ".districtName", a.districtName(), MAX_UNIT_NAME);
        optionalText(problems, field + ".wardName", a.wardName(), MAX_UNIT_NAME);
        optionalText(problems, field + ".detail", a.detail(), MAX_PLACE);
    }

    private static void residence(List<FieldProblem> problems, String field, CriminalRecordDocument.Residence r,
                                  Clock clock) {
        if (r == null) {
            problems.add(new FieldProblem(field, "must be a period: from, to, place, occupation, workplace"));
            return;
        }
        LocalDate from = period(problems, field + ".from", r.from(), true, clock);
        LocalDate to = period(problems, field + ".to", r.to(), false, clock);
        if (from != null && to != null && to.isBefore(from)) {
            problems.add(new FieldProblem(field + ".to", "must not be before from"));
        }
        text(problems, field + ".place", r.place(), MAX_PLACE);
        optionalText(problems, field + ".occupation", r.occupation(), MAX_FULL_NAME);
        optionalText(problems, field + ".workplace", r.workplace(), MAX_PLACE);
    }

    private static void relative(List<FieldProblem> problems, String field, CriminalRecordDocument.Relative r,
                                 Clock clock) {
        if (r == null) {
            return;
        }
        text(problems, field + ".fullName", r.fullName(), MAX_FULL_NAME);
        String born = r.dateOfBirth();
        if (born != null && YEAR.matcher(born).matches()) {
            if (Integer.parseInt(born) > LocalDate.now(clock).getYear() || Integer.parseInt(born) < 1850) {
                problems.add(new FieldProblem(field + ".dateOfBirth", "must be a past year"));
            }
        } else {
            pastDate(problems, field + ".dateOfBirth", born, false, clock);
        }
    }

    /** {@code YYYY-MM} or {@code YYYY-MM-DD}, not in the future; the first day of a month stands for it. */
    private static LocalDate period(List<FieldProblem> problems, String field, String value, boolean required,
                                    Clock clock) {
        if (value != null && ISO_MONTH.matcher(value).matches()) {
            return pastDate(problems, field, value + "-01", required, clock);
        }
        if (value != null && !ISO_DATE.matcher(value).matches()) {
            problems.add(new FieldProblem(field, "must be a month YYYY-MM or a date YYYY-MM-DD"));
            return null;
        }
        return pastDate(problems, field, value, required, clock);
    }

    /** A date {@code YYYY-MM-DD} not in the future; null when absent or broken (the problem is added). */
    private static LocalDate pastDate(List<FieldProblem> problems, String field, String value, boolean required,
                                      Clock clock) {
        if (value == null) {
            if (required) {
                problems.add(new FieldProblem(field, "is required (YYYY-MM-DD)"));
            }
            return null;
        }
        LocalDate date;
        try {
            date = ISO_DATE.matcher(value).matches() ? LocalDate.parse(value) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            problems.add(new FieldProblem(field, "must be a date YYYY-MM-DD"));
            return null;
        }
        if (date.isAfter(LocalDate.now(clock))) {
            problems.add(new FieldProblem(field, "must not be in the future"));
            return null;
        }
        return date;
    }

    private static void optionalText(List<FieldProblem> problems, String field, String value, int max) {
        if (value != null) {
            text(problems, field, value, max);
        }
    }

    private static void pattern(List<FieldProblem> problems, String field, String value, Pattern pattern, String rule) {
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add(new FieldProblem(field, rule));
        }
    }

    private static void oneOf(List<FieldProblem> problems, String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            problems.add(new FieldProblem(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
        }
    }

    /** A request id as issued by the hub; anything else names no request. */
    static Optional<UUID> requestId(String value) {
        if (value == null || !REQUEST_ID.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(value));
    }

    private static void text(List<FieldProblem> problems, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required (1-" + max + " characters)"));
        } else if (value.codePointCount(0, value.length()) > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
    }

    private static LocalDate dateOfBirth(List<FieldProblem> problems, String value, Clock clock) {
        return pastDate(problems, "applicant.dateOfBirth", value, true, clock);
    }
}
