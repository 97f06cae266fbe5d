package vn.lgsp.hub.procedures;

import java.time.Instant;

/** A procedure entry as stored, with its stamp. */
record StoredProcedure(Procedure procedure, Stamp stamp) {

    /** Which change of the entry this is: its version (1 on the first), when and by whom. */
    record Stamp(long version, Instant at, String by) {
    }
}
