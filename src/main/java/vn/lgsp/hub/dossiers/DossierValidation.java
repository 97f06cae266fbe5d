package vn.lgsp.hub.dossiers;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.HubException.FieldProblem;
import vn.lgsp.hub.sources.citizens.PersonalId;

/** The rules a dossier document and its identifiers must meet; every broken rule is reported, no value echoed. */
final class DossierValidation {

    static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PROCEDURE_CODE = Pattern.compile("[0-9]\\.[0-9]{6}");
    private static final Pattern OTHER_ID = Pattern.compile("[A-Za-z0-9./-]{1,64}");
    private static final int MAX_COMPONENTS = 200;
    /** Instants the hub stores in UTC and the portal's {@code yyyyMMddHHmmss} carries, whatever their offset. */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.of(1900, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime LATEST = OffsetDateTime.of(9999, 12, 30, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final String INSTANT_RULE = "must be an ISO-8601 instant with offset, in the years 1900-9999";

    private DossierValidation() {
    }

    private static boolean plausible(OffsetDateTime time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }

    static String dossierId(String value) {
        if (value == null || !REFERENCE.matcher(value).matches()) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "dossierId",
                    "The dossier id must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        return value;
    }

    /** The time of a status event: required, and within the years a dossier can be stored and synced with. */
    static void eventAt(OffsetDateTime at) {
        if (at == null) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "at", "at is required (ISO-8601 instant with offset)");
        }
        if (!plausible(at)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "at", "at " + INSTANT_RULE);
        }
    }

    static void document(DossierDocument d, Clock clock) {
        if (d == null) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "A dossier document is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (d.procedureCode() == null || !PROCEDURE_CODE.matcher(d.procedureCode()).matches()) {
            problems.add(new FieldProblem("procedureCode", "must be a national procedure code such as 1.001612"));
        }
        if (d.agencyCode() == null || !REFERENCE.matcher(d.agencyCode()).matches()) {
            problems.add(new FieldProblem("agencyCode", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'"));
        }
        if (d.receivedAt() == null) {
            problems.add(new FieldProblem("receivedAt", "is required (ISO-8601 instant with offset)"));
        } else if (!plausible(d.receivedAt())) {
            problems.add(new FieldProblem("receivedAt", INSTANT_RULE));
        }
        if (d.channel() == null) {
            problems.add(new FieldProblem("channel", "is required: IN_PERSON, ONLINE or POST"));
        }
        if (d.status() == null) {
            problems.add(new FieldProblem("status", "is required"));
        }
        if (d.applicant() == null || d.applicant().idType() == null || d.applicant().idNumber() == null) {
            problems.add(new FieldProblem("applicant", "idType and idNumber are required"));
        } else if (d.applicant().idType() == DossierDocument.IdType.OTHER
                && !OTHER_ID.matcher(d.applicant().idNumber()).matches()) {
            problems.add(new FieldProblem("applicant.idNumber", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '/' or '-'"));
        }
        if (d.components() != null) {
            if (d.components().size() > MAX_COMPONENTS) {
                problems.add(new FieldProblem("components", "at most " + MAX_COMPONENTS + " components"));
            }
            for (int i = 0; i < Math.min(d.components().size(), MAX_COMPONENTS); i++) {
                DossierDocument.Component c = d.components().get(i);
                if (c == null || c.code() == null || c.code().isBlank() || c.code().length() > 64) {
                    problems.add(new FieldProblem("components[" + i + "].code", "is required, at most 64 characters"));
                }
                if (c != null && c.name() != null && c.name().length() > 500) {
                    problems.add(new FieldProblem("components[" + i + "].name", "at most 500 characters"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "The dossier document is invalid: "
                    + problems.get(0).field() + " " + problems.get(0).message(), problems);
        }
        if (d.applicant().idType() == DossierDocument.IdType.PERSONAL_ID) {
            try {
                PersonalId.parse(d.applicant().idNumber(), Year.now(clock));
            } catch (HubException e) {
                throw HubException.invalid(e.code(), "applicant.idNumber", e.getMessage());
            }
        }
    }
}
