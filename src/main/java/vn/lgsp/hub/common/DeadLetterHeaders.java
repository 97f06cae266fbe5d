package vn.lgsp.hub.common;

/** The headers every dead-lettered message carries, whatever queue it died on (admin lists and replays by them). */
public final class DeadLetterHeaders {

    public static final String ID = "hubDeadLetterId";
    public static final String REASON = "hubReason";
    public static final String FAILED_AT = "hubFailedAt";
    public static final String ATTEMPTS = "hubAttempts";
    public static final String ORIGINAL_QUEUE = "hubOriginalQueue";

    private DeadLetterHeaders() {
    }

    /** Whether a message property is one of these (set when the message died, not part of what it carries). */
    public static boolean is(String name) {
        return name.equals(ID) || name.equals(REASON) || name.equals(FAILED_AT) || name.equals(ATTEMPTS)
                || name.equals(ORIGINAL_QUEUE);
    }
}
