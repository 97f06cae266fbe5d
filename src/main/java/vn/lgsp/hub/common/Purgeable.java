package vn.lgsp.hub.common;

import java.time.Instant;

/**
 * Rows a package keeps only for a while (expired reuse copies, delivered sync snapshots past their retention):
 * the purge job deletes them, a batch at a time, on one hub instance at a time.
 */
public interface Purgeable {

    /** What is purged, as the metric {@code hub_purged_rows_total} names it: the table. */
    String purged();

    /** Deletes at most {@code limit} rows kept past their time at {@code now}, in the caller's transaction: how many. */
    int purge(Instant now, int limit);
}
