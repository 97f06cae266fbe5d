package vn.lgsp.hub.dossiers;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import vn.lgsp.hub.common.Codes;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.HubException.FieldProblem;
import vn.lgsp.hub.sources.citizens.PersonalId;

/** The rules a dossier document and its identifiers must meet; every broken rule is reported, no value echoed. */
final class DossierValidation {

    private static final Pattern OTHER_ID = Pattern.compile("[A-Za-z0-9./-]{1,64}");
    private static final int MAX_COMPONENTS = 200;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("[0-9 +()-]{3,20}");
    /** Instants the hub stores in UTC and the portal's {@code yyyyMMddHHmmss} carries, whatever their offset. */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.of(1900, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime LATEST = OffsetDateTime.of(9999, 12, 30, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final String INSTANT_RULE = "must be an ISO-8601 instant with offset, in the years 1900-9999";

    private DossierValidation() {
    }

    /** The portal's fields: lengths the public integrations keep to, and dates that can be sent. */
    private static void portalFields(DossierDocument d, List<FieldProblem> problems) {
        text("procedureName", d.procedureName(), 500, problems);
        text("fieldCode", d.fieldCode(), 64, problems);
        text("fieldName", d.fieldName(), 500, problems);
        text("summary", d.summary(), 1000, problems);
        text("handlingUnit", d.handlingUnit(), 250, problems);
        if (d.dueAt() != null) {
            if (!plausible(d.dueAt())) {
                problems.add(new FieldProblem("dueAt", INSTANT_RULE));
            } else if (d.receivedAt() != null && d.dueAt().isBefore(d.receivedAt())) {
                problems.add(new FieldProblem("dueAt", "must not be before receivedAt"));
            }
        }
        DossierDocument.Applicant a = d.applicant();
        if (a != null) {
            text("applicant.name", a.name(), 200, problems);
            if (a.email() != null && (a.email().length() > 254 || !EMAIL.matcher(a.email()).matches())) {
                problems.add(new FieldProblem("applicant.email", "must be an e-mail address of at most 254 characters"));
            }
            if (a.phone() != null && !PHONE.matcher(a.phone()).matches()) {
                problems.add(new FieldProblem("applicant.phone",
                        "must be 3-20 characters of digits, spaces, '+', '-', '(' or ')'"));
            }
        }
    }

    /** An optional text: when given, not blank and at most {@code max} characters. */
    private static void text(String field, String value, int max, List<FieldProblem> problems) {
        if (value != null && (value.isBlank() || value.length() > max)) {
            problems.add(new FieldProblem(field, "must not be blank, at most " + max + " characters"));
        }
    }

    /**
     * The optional fields a deployment may require ({@code hub.dossiers.required-fields}), by their path in
     * the document, each with the test that it is missing: the one list of their names.
     */
    static final Map<String, Predicate<DossierDocument>> OPTIONAL_FIELDS = Map.ofEntries(
            Map.entry("procedureName", d -> d.procedureName() == null),
            Map.entry("fieldCode", d -> d.fieldCode() == null),
            Map.entry("fieldName", d -> d.fieldName() == null),
            Map.entry("summary", d -> d.summary() == null),
            Map.entry("dueAt", d -> d.dueAt() == null),
            Map.entry("handlingUnit", d -> d.handlingUnit() == null),
            Map.entry("resultDelivery", d -> d.resultDelivery() == null),
            Map.entry("applicant.name", d -> d.applicant() == null || d.applicant().name() == null),
            Map.entry("applicant.type", d -> d.applicant() == null || d.applicant().type() == null),
            Map.entry("applicant.email", d -> d.applicant() == null || d.applicant().email() == null),
            Map.entry("applicant.phone", d -> d.applicant() == null || d.applicant().phone() == null),
            Map.entry("components", d -> d.components() == null || d.components().isEmpty()),
            Map.entry("components.name", d -> d.components() != null
                    && d.components().stream().anyMatch(c -> c != null && c.name() == null)),
            Map.entry("components.fileUrl", d -> d.components() != null
                    && d.components().stream().anyMatch(c -> c != null && c.fileUrl() == null)));

    /** The optional fields this deployment requires, each missing one reported by its name. */
    private static void required(DossierDocument d, List<String> required, List<FieldProblem> problems) {
        for (String field : required) {
            if (OPTIONAL_FIELDS.get(field).test(d)) {
                problems.add(new FieldProblem(field, "is required by this hub (the portal needs it)"));
            }
        }
    }

    private static boolean webAddress(String value) {
        if (value.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean plausible(OffsetDateTime time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }

    static String dossierId(String value) {
        if (!Codes.isReference(value)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "dossierId", "The dossier id " + Codes.REFERENCE_RULE);
        }
        return value;
    }

    /**
     * A status event: its time required, within the years a dossier can be stored and synced with; who
     * handled it at most 50 characters (what the portal keeps of NguoiXuLy) and what they did at most 2,000.
     */
    static void event(OffsetDateTime at, String officer, String note) {
        List<FieldProblem> problems = new ArrayList<>();
        if (at == null) {
            problems.add(new FieldProblem("at", "is required (ISO-8601 instant with offset)"));
        } else if (!plausible(at)) {
            problems.add(new FieldProblem("at", INSTANT_RULE));
        }
        text("officer", officer, 50, problems);
        text("note", note, 2000, problems);
        if (!problems.isEmpty()) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "The event is invalid: "
                    + problems.get(0).field() + " " + problems.get(0).message(), problems);
        }
    }

    /**
     * Checks a dossier document.
     *
     * @param required the optional fields this deployment requires ({@link DossiersProperties#requiredFields()})
     */
    static void document(DossierDocument d, Clock clock, List<String> required) {
        if (d == null) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "A dossier document is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (!Codes.isProcedureCode(d.procedureCode())) {
            problems.add(new FieldProblem("procedureCode", Codes.PROCEDURE_CODE_RULE));
        }
        if (!Codes.isReference(d.agencyCode())) {
            problems.add(new FieldProblem("agencyCode", Codes.REFERENCE_RULE));
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
        portalFields(d, problems);
        required(d, required, problems);
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
                if (c != null && c.fileUrl() != null && !webAddress(c.fileUrl())) {
                    problems.add(new FieldProblem("components[" + i + "].fileUrl",
                            "must be an absolute http or https URL of at most 2000 characters"));
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
