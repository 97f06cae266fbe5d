package vn.lgsp.hub.sources.lookup;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which of a dossier's subjects a source is asked about: the applicant's personal ID, an enterprise code or
 * a land parcel. A procedure names one per source it needs (the procedure catalogue), and a pre-fill's body
 * gives each under its {@link #field()} name.
 */
public enum SubjectKind {
    PERSONAL_ID("personalId"),
    ENTERPRISE_CODE("enterpriseCode"),
    LAND_PARCEL("landParcel");

    private final String field;

    SubjectKind(String field) {
        this.field = field;
    }

    /** The name of this subject in JSON: a pre-fill body's field, a procedure's {@code subject}. */
    @JsonValue
    public String field() {
        return field;
    }

    /** The kind of this JSON name; empty for any other. */
    public static Optional<SubjectKind> ofField(String field) {
        return Arrays.stream(values()).filter(k -> k.field.equals(field)).findFirst();
    }
}
