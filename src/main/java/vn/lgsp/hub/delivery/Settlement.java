package vn.lgsp.hub.delivery;

import java.util.List;

/**
 * What became of a batch of parcels: delivered, skipped (nothing to deliver), or dead (refused, or
 * failed at the last attempt), each with the attempts it took.
 */
public record Settlement<W>(List<Done<W>> delivered, List<Parcel> skipped, List<Dead<W>> dead) {

    /** A delivered parcel. */
    public record Done<W>(Parcel parcel, W work, int attempts) {
    }

    /**
     * A parcel that goes to the dead-letter queue.
     *
     * @param work null when the parcel could not even be prepared
     * @param reason why, in words safe to log and show ({@link vn.lgsp.hub.common.DeliveryFailures#reason})
     */
    public record Dead<W>(Parcel parcel, W work, Throwable cause, String reason, int attempts) {
    }
}
