package vn.lgsp.hub.criminalrecords;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
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
        if (d.applicant() == null) {
            problems.add(new FieldProblem("applicant", "is required: fullName and dateOfBirth"));
        } else {
            text(problems, "applicant.fullName", d.applicant().fullName(), MAX_FULL_NAME);
            dateOfBirth(problems, d.applicant().dateOfBirth(), clock);
        }
        if (!problems.isEmpty()) {
            throw new HubException(code, "The certificate request is invalid: "
                    + problems.stream().map(FieldProblem::field).collect(Collectors.joining(", ")), problems);
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

    private static void dateOfBirth(List<FieldProblem> problems, String value, Clock clock) {
        String field = "applicant.dateOfBirth";
        if (value == null) {
            problems.add(new FieldProblem(field, "is required (YYYY-MM-DD)"));
            return;
        }
        LocalDate date;
        try {
            date = ISO_DATE.matcher(value).matches() ? LocalDate.parse(value) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            problems.add(new FieldProblem(field, "must be a date YYYY-MM-DD"));
        } else if (date.isAfter(LocalDate.now(clock))) {
            problems.add(new FieldProblem(field, "must not be in the future"));
        }
    }
}
