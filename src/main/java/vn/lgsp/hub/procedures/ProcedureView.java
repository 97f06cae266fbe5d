package vn.lgsp.hub.procedures;

import java.time.Instant;
import java.util.Map;

/**
 * A procedure as this instance uses it ({@code GET /api/v1/admin/procedures/{code}}): the entry, and whether
 * it is the shipped one or one an administrator stored (its version, when and by whom), or one just removed.
 */
public record ProcedureView(String code, String name, Map<String, Procedure.Need> sources, String origin,
                            long version, Instant updatedAt, String updatedBy) {

    static final String SHIPPED = "shipped";
    static final String STORED = "stored";
    /** What a delete answers when the code left the catalogue: the entry it had. */
    static final String REMOVED = "removed";

    static ProcedureView of(Procedure procedure, StoredProcedure.Stamp stamp) {
        return stamp == null
                ? new ProcedureView(procedure.code(), procedure.name(), procedure.sources(), SHIPPED, 0, null, null)
                : new ProcedureView(procedure.code(), procedure.name(), procedure.sources(), STORED, stamp.version(),
                        stamp.at(), stamp.by());
    }
}
