package vn.lgsp.hub.delivery;

/**
 * How a destination's deliveries run: its queues, how many messages a consumer takes in one JMS
 * transaction, how many of their groups are delivered at once, and the retries of one delivery.
 *
 * @param queue the persistent queue the destination's messages go through
 * @param deadLetterQueue where a message goes after its last attempt, or at once when refused
 * @param consumers consumers of the queue on this instance, each with its own JMS transaction
 * @param batchSize messages one consumer takes in one transaction at most
 * @param parallelism groups (dossiers, requests) delivered at once across this instance's consumers
 * @param maxAttempts attempts of one delivery before it is dead-lettered
 * @param initialBackoffMs delay before the first retry, then times backoffMultiplier
 * @param backoffMultiplier growth of the delay between two attempts
 * @param maxBackoffMs longest delay between two attempts
 * @param sweepIntervalMs how often rows committed but never queued are looked for
 */
public record DeliverySettings(String queue, String deadLetterQueue, int consumers, int batchSize, int parallelism,
                               int maxAttempts, long initialBackoffMs, double backoffMultiplier, long maxBackoffMs,
                               long sweepIntervalMs) {

    /** The delay before attempt {@code attempt + 1} (the first retry follows attempt 1). */
    public long backoffMs(int attempt) {
        double delay = initialBackoffMs;
        for (int i = 1; i < attempt && delay < maxBackoffMs; i++) {
            delay *= backoffMultiplier;
        }
        return (long) Math.min(delay, maxBackoffMs);
    }
}
