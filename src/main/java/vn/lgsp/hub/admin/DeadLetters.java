package vn.lgsp.hub.admin;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jms.InvalidDestinationException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.common.DeadLetterSource;

/**
 * The dead-letter queues of every feature: browsed to list what failed, and replayed one message
 * at a time, moved back to its queue in one JMS transaction (never lost, never doubled).
 */
@Component
class DeadLetters {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final long RECEIVE_TIMEOUT_MS = 2000;

    private final List<DeadLetterSource> sources;
    private final JmsTemplate browser;
    private final JmsTemplate mover;

    DeadLetters(List<DeadLetterSource> sources, JmsTemplate jms) {
        this.sources = sources;
        this.browser = jms;
        this.mover = new JmsTemplate(jms.getConnectionFactory());
        this.mover.setSessionTransacted(true);
    }

    /** Every dead letter, oldest first within each queue. */
    List<DeadLetter> list() {
        List<DeadLetter> all = new ArrayList<>();
        for (DeadLetterSource source : sources) {
            try {
                browser.browse(source.deadLetterQueue(), (session, browse) -> {
                    for (Object m : Collections.list(browse.getEnumeration())) {
                        all.add(describe(source, (Message) m));
                    }
                    return null;
                });
            } catch (InvalidDestinationException e) {
                // the broker creates a dead-letter queue with its first message: none yet
            }
        }
        return all;
    }

    /** Moves one dead letter back to its queue; empty when there is no such dead letter. */
    Optional<DeadLetter> replay(String id) {
        if (id == null || !UUID.matcher(id).matches()) {
            return Optional.empty();
        }
        for (DeadLetterSource source : sources) {
            DeadLetter moved;
            try {
                moved = mover.execute(session -> move(session, source, id), true);
            } catch (InvalidDestinationException e) {
                continue; // no dead-letter queue yet, so not there
            }
            if (moved != null) {
                source.replayed(moved.details());
                return Optional.of(moved);
            }
        }
        return Optional.empty();
    }

    private DeadLetter move(Session session, DeadLetterSource source, String id) throws JMSException {
        Queue deadLetters = session.createQueue(source.deadLetterQueue());
        MessageConsumer consumer = session.createConsumer(deadLetters, DeadLetterHeaders.ID + " = '" + id + "'");
        try {
            Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message == null) {
                return null;
            }
            DeadLetter dead = describe(source, message);
            Message again = copyBody(session, message);
            for (Map.Entry<String, Object> property : dead.details().entrySet()) {
                again.setObjectProperty(property.getKey(), property.getValue());
            }
            String group = message.getStringProperty("JMSXGroupID");
            if (group != null) {
                again.setStringProperty("JMSXGroupID", group);
            }
            MessageProducer producer = session.createProducer(session.createQueue(source.queue()));
            try {
                producer.send(again);
            } finally {
                JmsUtils.closeMessageProducer(producer);
            }
            // taken off the dead-letter queue and put back on its queue together
            session.commit();
            return dead;
        } finally {
            JmsUtils.closeMessageConsumer(consumer);
        }
    }

    /** A new message with the body of this one: text or bytes, as the queue's consumer reads them. */
    private static Message copyBody(Session session, Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            BytesMessage again = session.createBytesMessage();
            again.writeBytes(body);
            return again;
        }
        return session.createTextMessage(message instanceof TextMessage text ? text.getText() : null);
    }

    private static DeadLetter describe(DeadLetterSource source, Message m) throws JMSException {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Object name : Collections.list(m.getPropertyNames())) {
            String key = (String) name;
            if (key.startsWith("hub") && !DeadLetterHeaders.is(key)) {
                details.put(key, m.getObjectProperty(key));
            }
        }
        return new DeadLetter(m.getStringProperty(DeadLetterHeaders.ID), source.queue(),
                m.getStringProperty(DeadLetterHeaders.REASON), m.getStringProperty(DeadLetterHeaders.FAILED_AT),
                m.propertyExists(DeadLetterHeaders.ATTEMPTS) ? m.getIntProperty(DeadLetterHeaders.ATTEMPTS) : 0, details);
    }


    /** A message that exhausted its retries: what, why, when, after how many attempts. */
    record DeadLetter(String id, String queue, String reason, String failedAt, int attempts, Map<String, Object> details) {
    }
}
