package vn.lgsp.hub.sources.citizens;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.Characters;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException.FieldProblem;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.LookupParameters;
import vn.lgsp.hub.sources.lookup.Subject;
import vn.lgsp.hub.sources.lookup.SubjectKind;
import vn.lgsp.hub.sources.lookup.SubjectParser;

/**
 * Reads a citizen lookup, {@code GET /api/v1/citizens/{personalId}?fullName=…&birthDate=…} (or
 * {@code /lookups/citizens/{personalId}}): the personal ID, then everything the population database
 * needs to answer, all named at once when missing or broken: the name and birth date it matches, the
 * officer ({@code X-Officer-Id}) and the agency ({@code X-Agency-Code}). The context headers were
 * checked for their form before.
 */
@Component
class CitizenSubjects implements SubjectParser {

    static final String FULL_NAME = "fullName";
    static final String BIRTH_DATE = "birthDate";
    static final String OFFICER_HEADER = "X-Officer-Id";
    static final String AGENCY_HEADER = "X-Agency-Code";
    static final String PROCEDURE_HEADER = "X-Procedure-Code";
    /** The longest name, in characters (code points). */
    private static final int NAME_LENGTH = 100;

    private static final Map<String, String> REQUIRED = Map.of(
            FULL_NAME, "is required: the citizen's full name as the population database holds it (diacritics, "
                    + "case and spaces do not matter)",
            BIRTH_DATE, "is required: the birth date YYYY-MM-DD, or the birth year YYYY when only the year is known");

    private final Clock clock;
    private final CitizenLookupProperties properties;

    CitizenSubjects(Clock clock, CitizenLookupProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public String source() {
        return "citizens";
    }

    @Override
    public boolean citizenData() {
        return true;
    }

    @Override
    public SubjectKind subjectKind() {
        return SubjectKind.PERSONAL_ID;
    }

    @Override
    public Class<?> canonicalModel() {
        return Citizen.class;
    }

    @Override
    public String path() {
        return "/citizens/{" + PersonalId.FIELD + "}";
    }

    @Override
    public Subject parse(Message request) {
        return query(PersonalId.parse(request.getHeader(PersonalId.FIELD, String.class), Year.now(clock)), request);
    }

    @Override
    public Subject parse(String subject, Message request) {
        return query(PersonalId.parse(subject, Year.now(clock)), request);
    }

    @Override
    public Subject parse(String subject) {
        return PersonalId.parse(subject, Year.now(clock));
    }

    @Override
    public String raw(Message request) {
        return String.valueOf(request.getHeader(PersonalId.FIELD, String.class));
    }

    private CitizenQuery query(PersonalId id, Message request) {
        LocalDate today = LocalDate.now(clock.withZone(BusinessTime.ZONE));
        String fullName = LookupParameters.one(request, FULL_NAME);
        String birthDate = LookupParameters.one(request, BIRTH_DATE);
        String procedure = request.getHeader(PROCEDURE_HEADER, String.class);
        String officer = request.getHeader(OFFICER_HEADER, String.class);
        String agency = request.getHeader(AGENCY_HEADER, String.class);
        if (fullName == null && birthDate == null && legacyPeriod(today)) {
            return new CitizenQuery(id, null, null, procedure, officer, agency, properties.legacyLookupsUntil());
        }
        List<FieldProblem> problems = new ArrayList<>();
        String name = fullName == null ? null : fullName.strip();
        if (fullName == null) {
            problems.add(new FieldProblem(FULL_NAME, REQUIRED.get(FULL_NAME)));
        } else if (!validName(name)) {
            problems.add(new FieldProblem(FULL_NAME, "must be 1-100 letters, spaces, apostrophes, hyphens or dots"));
        }
        BirthDate birth = BirthDate.parse(birthDate, today);
        if (birthDate == null) {
            problems.add(new FieldProblem(BIRTH_DATE, REQUIRED.get(BIRTH_DATE)));
        } else if (birth == null) {
            problems.add(new FieldProblem(BIRTH_DATE, "must be a date YYYY-MM-DD or a year YYYY, from 1900 and "
                    + "not in the future"));
        }
        if (officer == null) {
            problems.add(new FieldProblem(OFFICER_HEADER, "is required on citizen lookups: the population database "
                    + "answers an officer (MaCanBo)"));
        }
        if (agency == null) {
            problems.add(new FieldProblem(AGENCY_HEADER, "is required on citizen lookups: the population database "
                    + "answers an agency (MaDonVi)"));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems, "");
        }
        return new CitizenQuery(id, name, birth, procedure, officer, agency, null);
    }

    /**
     * Letters of any script with their marks, then also spaces, apostrophes, hyphens and dots: 1 to 100
     * characters (the regular expression {@code [\p{L}\p{M}][\p{L}\p{M} '.-]{0,99}}, checked without one).
     */
    static boolean validName(String name) {
        int count = 0;
        for (int i = 0; i < name.length(); count++) {
            int c = name.codePointAt(i);
            boolean letter = Character.isLetter(c) || Characters.isMark(c);
            if (count == NAME_LENGTH || !letter && (count == 0 || " '.-".indexOf(c) < 0)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return count > 0;
    }

    /** The 400 naming each missing input of a citizen lookup. */
    static HubException missing(List<String> fields, String why) {
        return invalid(fields.stream().map(f -> new FieldProblem(f, REQUIRED.get(f))).toList(), why);
    }

    private static HubException invalid(List<FieldProblem> problems, String why) {
        return new HubException(ErrorCode.INVALID_REQUEST, "A citizen lookup needs valid " + String.join(", ",
                problems.stream().map(FieldProblem::field).toList()) + why, problems);
    }

    private boolean legacyPeriod(LocalDate today) {
        LocalDate until = properties.legacyLookupsUntil();
        return until != null && !today.isAfter(until);
    }
}
