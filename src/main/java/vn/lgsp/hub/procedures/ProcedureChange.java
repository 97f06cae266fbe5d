package vn.lgsp.hub.procedures;

import java.util.List;
import java.util.Map;

/**
 * An administrator's procedure entry ({@code PUT /api/v1/admin/procedures/{code}}), as given: checked by
 * {@link Procedures} against the sources the hub has before it is stored.
 *
 * @param code when given, must be the code in the path
 * @param sources by source name: the subject it is asked about ({@code personalId}, {@code enterpriseCode},
 *     {@code landParcel}) and the canonical fields the form needs
 */
public record ProcedureChange(String code, String name, Map<String, NeedChange> sources) {

    /** One source of the entry, as given. */
    public record NeedChange(String subject, List<String> fields) {
    }
}
