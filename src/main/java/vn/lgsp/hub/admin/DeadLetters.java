package vn.lgsp.hub.admin;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisMode;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
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
    /** How many times a page that came up short of the broker's count is browsed again over JMS. */
    private static final int BROWSE_AGAIN = 2;
    /** Where an ActiveMQ Artemis broker takes management requests (its default {@code management-address}). */
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final List<DeadLetterSource> sources;
    private final JmsTemplate browser;
    private final JmsTemplate mover;
    /**
     * The broker itself when it runs in this process: its queues are then read in place, a page at a time.
     * Asked for at each use: a broker started again in this process is another server.
     */
    private final Supplier<ActiveMQServer> server;

    @Autowired
    DeadLetters(List<DeadLetterSource> sources, JmsTemplate jms, ObjectProvider<EmbeddedActiveMQ> embedded,
                ArtemisProperties artemis, MeterRegistry meters) {
        this(sources, jms, artemis.getMode() == ArtemisMode.NATIVE || embedded.getIfAvailable() == null
                ? null : embedded.getIfAvailable()::getActiveMQServer);
        for (DeadLetterSource source : this.sources) {
            Gauge.builder("hub.dead_letters", this, d -> d.counted(source)).tag("queue", source.deadLetterQueue())
                    .description("Messages on a dead-letter queue: they exhausted their retries and wait to be replayed")
                    .register(meters);
        }
    }

    /** The last count of each dead-letter queue and when it was taken: a scrape asks the broker every 15 s at most. */
    private final Map<String, long[]> counts = new java.util.concurrent.ConcurrentHashMap<>();

    private double counted(DeadLetterSource source) {
        long[] last = counts.get(source.deadLetterQueue());
        long now = System.nanoTime();
        if (last == null || now - last[1] > java.util.concurrent.TimeUnit.SECONDS.toNanos(15)) {
            try {
                last = new long[] {count(source), now};
                counts.put(source.deadLetterQueue(), last);
            } catch (RuntimeException e) {
                return last == null ? Double.NaN : last[0];
            }
        }
        return last[0];
    }

    /** With {@code server} null, every queue is read over JMS, as from a standalone broker. */
    DeadLetters(List<DeadLetterSource> sources, JmsTemplate jms, Supplier<ActiveMQServer> server) {
        // in the order of their queues' names, so that a page is the same from one call to the next
        this.sources = sources.stream().sorted(Comparator.comparing(DeadLetterSource::queue)).toList();
        this.browser = jms;
        this.mover = new JmsTemplate(jms.getConnectionFactory());
        this.mover.setSessionTransacted(true);
        this.server = server;
    }

    /** Every dead letter, queue by queue (in the order of their names), oldest first within each queue. */
    List<DeadLetter> list() {
        List<DeadLetter> all = new ArrayList<>();
        for (DeadLetterSource source : sources) {
            all.addAll(read(source, 0, Integer.MAX_VALUE));
        }
        return all;
    }

    /**
     * At most {@code limit} dead letters from position {@code offset} of {@link #list()}, and how many there
     * are in all. Each queue is counted by the broker, so the queues before the page are not read; within a
     * queue, the embedded broker steps over the messages before the page in place, while over JMS they are
     * browsed (not decoded).
     */
    Page page(long offset, int limit) {
        List<DeadLetter> page = new ArrayList<>();
        long skip = offset;
        long total = 0;
        for (DeadLetterSource source : sources) {
            long count = count(source);
            total += count;
            if (page.size() < limit && skip < count) {
                int wanted = (int) Math.min(limit - page.size(), count - skip);
                List<DeadLetter> read = read(source, skip, wanted);
                // a JMS browser can end early while the broker is still delivering to it: browsed again then
                for (int again = 0; server == null && read.size() < wanted && again < BROWSE_AGAIN; again++) {
                    read = read(source, skip, wanted);
                }
                page.addAll(read);
                skip = 0;
            } else if (page.size() < limit) {
                skip -= count;
            }
        }
        return new Page(page, total);
    }

    /** Up to {@code max} dead letters of one queue, after the first {@code skip}. */
    private List<DeadLetter> read(DeadLetterSource source, long skip, int max) {
        List<DeadLetter> read = new ArrayList<>();
        if (server != null) {
            org.apache.activemq.artemis.core.server.Queue queue = server.get().locateQueue(
                    SimpleString.of(source.deadLetterQueue()));
            if (queue == null) {
                return read; // the broker creates a dead-letter queue with its first message: none yet
            }
            try (LinkedListIterator<MessageReference> references = queue.browserIterator()) {
                long seen = 0;
                while (read.size() < max && references.hasNext()) {
                    MessageReference reference = references.next();
                    if (seen++ >= skip) {
                        read.add(describe(source, reference.getMessage()));
                    }
                }
            }
            return read;
        }
        try {
            browser.browse(source.deadLetterQueue(), (session, browse) -> {
                Enumeration<?> messages = browse.getEnumeration();
                long seen = 0;
                while (read.size() < max && messages.hasMoreElements()) {
                    Message message = (Message) messages.nextElement();
                    if (seen++ >= skip) {
                        read.add(describe(source, message));
                    }
                }
                return null;
            });
        } catch (InvalidDestinationException e) {
            // the broker creates a dead-letter queue with its first message: none yet
        }
        return read;
    }

    /**
     * How many dead letters one queue holds that a page can show (none in delivery): in place, its references
     * stepped over; or asked over JMS of the broker's management address; browsed one by one when that does
     * not answer (e.g. for want of the {@code manage} permission).
     */
    private long count(DeadLetterSource source) {
        Long counted = brokerCount(source);
        return counted != null ? counted : browseCount(source);
    }

    private Long brokerCount(DeadLetterSource source) {
        if (server != null) {
            // the references a page is read from, stepped over without decoding a message: the queue's own
            // count also holds messages not yet filed in it, or in delivery, which no page can show
            org.apache.activemq.artemis.core.server.Queue queue = server.get().locateQueue(
                    SimpleString.of(source.deadLetterQueue()));
            if (queue == null) {
                return 0L;
            }
            long n = 0;
            try (LinkedListIterator<MessageReference> references = queue.browserIterator()) {
                for (; references.hasNext(); references.next()) {
                    n++;
                }
            }
            return n;
        }
        // what a browser can page: the queue's messages but those in delivery
        Long messages = attribute(source, "messageCount");
        Long delivering = messages == null ? null : attribute(source, "deliveringCount");
        return messages == null || delivering == null ? null : messages - delivering;
    }

    /** A numeric attribute of a dead-letter queue, asked over JMS of the broker's management address; null unanswered. */
    private Long attribute(DeadLetterSource source, String name) {
        try {
            Object count = browser.execute(session -> {
                Message request = session.createMessage();
                JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + source.deadLetterQueue(), name);
                TemporaryQueue replies = session.createTemporaryQueue();
                MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                MessageConsumer consumer = session.createConsumer(replies);
                try {
                    request.setJMSReplyTo(replies);
                    producer.send(request);
                    Message reply = consumer.receive(RECEIVE_TIMEOUT_MS);
                    if (reply == null) {
                        return null;
                    }
                    // refused, or no such queue yet (as on a fresh broker): browsed then
                    return JMSManagementHelper.hasOperationSucceeded(reply) ? result(reply) : null;
                } finally {
                    JmsUtils.closeMessageConsumer(consumer);
                    JmsUtils.closeMessageProducer(producer);
                    replies.delete();
                }
            }, true);
            return count instanceof Number n ? n.longValue() : null;
        } catch (RuntimeException e) {
            LOG.warn("{}: the broker did not count the dead letters: {}", source.deadLetterQueue(),
                    e.getClass().getName());
            return null;
        }
    }

    private static Object result(Message reply) {
        try {
            return JMSManagementHelper.getResult(reply);
        } catch (Exception e) {
            return null;
        }
    }

    /** How many dead letters one queue holds, browsed one by one. */
    private long browseCount(DeadLetterSource source) {
        try {
            Long n = browser.browse(source.deadLetterQueue(), (session, browse) -> {
                long seen = 0;
                for (Enumeration<?> messages = browse.getEnumeration(); messages.hasMoreElements(); messages.nextElement()) {
                    seen++;
                }
                return seen;
            });
            return n == null ? 0 : n;
        } catch (InvalidDestinationException e) {
            return 0;
        }
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


    /** {@link #describe(DeadLetterSource, Message)} of a message read in the embedded broker. */
    private static DeadLetter describe(DeadLetterSource source, org.apache.activemq.artemis.api.core.Message m) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (SimpleString name : m.getPropertyNames()) {
            String key = name.toString();
            if (key.startsWith("hub") && !DeadLetterHeaders.is(key)) {
                Object value = m.getObjectProperty(name);
                details.put(key, value instanceof SimpleString text ? text.toString() : value);
            }
        }
        SimpleString attempts = SimpleString.of(DeadLetterHeaders.ATTEMPTS);
        return new DeadLetter(m.getStringProperty(DeadLetterHeaders.ID), source.queue(),
                m.getStringProperty(DeadLetterHeaders.REASON), m.getStringProperty(DeadLetterHeaders.FAILED_AT),
                m.containsProperty(attempts) ? m.getIntProperty(attempts) : 0, details);
    }

    /** A page of dead letters, and how many there are in all. */
    record Page(List<DeadLetter> deadLetters, long total) {
    }

    /** A message that exhausted its retries: what, why, when, after how many attempts. */
    record DeadLetter(String id, String queue, String reason, String failedAt, int attempts, Map<String, Object> details) {
    }
}
