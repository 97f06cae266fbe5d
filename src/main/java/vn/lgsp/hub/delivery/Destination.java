package vn.lgsp.hub.delivery;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import vn.lgsp.hub.common.DeadLetterSource;

/**
 * A system the hub delivers to through an outbound queue (the portal, the criminal-records service):
 * what {@link DeliveryPipeline} asks of it. The pipeline owns the queue, the transactions, the
 * batching, the retries and the dead letters; the destination owns its wire protocol and its tables.
 *
 * @param <W> one delivery's work, as {@link #prepare} reads it
 */
public interface Destination<W> extends DeadLetterSource {

    DeliverySettings settings();

    /** How the destination is named in a failure's reason, e.g. "The portal". */
    String system();

    /**
     * The work of each parcel, in the parcels' order, read in as few queries as the batch allows; null
     * for a parcel with nothing to deliver (skipped: already delivered, or unknown).
     *
     * @param inFlight the groups with earlier parcels still being delivered on this instance: what the
     *                 destination has recorded of them may be about to change (those parcels go first)
     */
    List<W> prepare(List<Parcel> parcels, Set<String> inFlight);

    /**
     * One attempt. An exception implementing {@link vn.lgsp.hub.common.DeliveryFailures.Refusal} is final:
     * the parcel is dead-lettered at once; any other is retried with backoff up to the last attempt.
     */
    void deliver(W work) throws Exception;

    /**
     * Whether delivering {@code work} after {@code delivered} (in one group, on this instance) would take the
     * destination back: then it is skipped. A message can come again while a copy of it is being delivered (a
     * connection to the broker lost mid-batch, the broker failing over).
     */
    default boolean supersedes(W delivered, W work) {
        return false;
    }

    /** An attempt failed and is to be retried after its backoff: counted at once, for its client to see. */
    void retrying(W work);

    /**
     * Records what became of parcels, in one database transaction; throws to have their batch redelivered.
     * The pipeline calls it as outcomes come, many lanes' at once. The failed attempts that were retried were counted by
     * {@link #retrying}; the last attempt of each parcel (the one that succeeded, or failed for good) is not.
     */
    void settle(Settlement<W> settlement);

    /** Parcels committed before this instant and never queued (the hub stopped in between), oldest first. */
    List<Parcel> unqueued(OffsetDateTime before, int limit);

    /**
     * Marks as queued, in the caller's database transaction and in one update, those of these parcels not
     * queued yet, and returns them: their rows stay locked until that transaction ends, so that a parcel is
     * claimed, and sent, by one sender only.
     */
    List<Parcel> claim(List<Parcel> parcels, OffsetDateTime at);
}
