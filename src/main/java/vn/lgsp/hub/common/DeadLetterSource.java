package vn.lgsp.hub.common;

import java.util.Map;

/**
 * A feature whose messages may end in a dead-letter queue: where they died, where they go back on
 * replay, and what the feature does when one is replayed (e.g. show the dossier PENDING again).
 */
public interface DeadLetterSource {

    /** The queue the messages are consumed from, and replayed to. */
    String queue();

    String deadLetterQueue();

    /** Called when a dead letter is put back on {@link #queue()}, with its message properties. */
    void replayed(Map<String, Object> properties);
}
