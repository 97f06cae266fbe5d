package vn.lgsp.hub.portal;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.dossiers.DossierOutbox;

/**
 * Puts accepted dossier versions on the sync queue in batches: the versions committed while one batch
 * is being sent go in the next, in one JMS transaction (one sync of the broker's journal) and one update
 * of the outbox. A {@code PUT} waits for its own commit only, not for the queue. A version committed but
 * not queued (the batch failed, the queue here was full, the hub stopped) is queued by the sweep, so
 * nothing accepted is lost; a version queued twice is delivered once, the second message skipped.
 * Each dossier's versions keep their order on the queue (one sender, in the order of acceptance; the
 * message group is the dossier).
 */
@Component
class PortalQueue implements SmartLifecycle {

    static final int MAX_BATCH = 500;
    private static final int CAPACITY = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(PortalQueue.class);

    private final BlockingQueue<DossierOutbox.Version> accepted = new ArrayBlockingQueue<>(CAPACITY);
    private final JmsTemplate jms;
    private final DossierOutbox outbox;
    private final PortalProperties properties;
    private final Clock clock;
    private volatile boolean running;
    private Thread sender;

    PortalQueue(ConnectionFactory connectionFactory, DossierOutbox outbox, PortalProperties properties, Clock clock) {
        // the pooled connection factory; persistent, and sent in a local transaction per batch
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /** A version just committed: queued with the next batch, or left to the sweep when this queue is full. */
    void accepted(DossierOutbox.Version version) {
        if (!running || !accepted.offer(version)) {
            LOG.debug("dossier version left to the sweep: the queue is full or stopping");
        }
    }

    /**
     * Sends these versions in one JMS transaction, then marks them queued in one update. Throws when the
     * send failed: nothing is marked, and the sweep queues them later.
     */
    void send(List<DossierOutbox.Version> versions) {
        if (versions.isEmpty()) {
            return;
        }
        jms.execute(session -> {
            MessageProducer producer = session.createProducer(session.createQueue(properties.queue()));
            try {
                for (DossierOutbox.Version v : versions) {
                    TextMessage message = session.createTextMessage(
                            "{\"dossierId\":\"" + v.dossierId() + "\",\"version\":" + v.version() + "}");
                    message.setStringProperty("JMSXGroupID", v.dossierId());
                    message.setStringProperty(PortalSync.DOSSIER_ID, v.dossierId());
                    message.setIntProperty(PortalSync.VERSION, v.version());
                    producer.send(message, jakarta.jms.DeliveryMode.PERSISTENT, jakarta.jms.Message.DEFAULT_PRIORITY, 0);
                }
            } finally {
                producer.close();
            }
            // one commit for the batch: one sync of the broker's journal
            JmsUtils.commitIfNecessary(session);
            return null;
        }, true);
        outbox.queued(versions, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private void run() {
        List<DossierOutbox.Version> batch = new ArrayList<>(MAX_BATCH);
        while (running || !accepted.isEmpty()) {
            try {
                DossierOutbox.Version first = accepted.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                accepted.drainTo(batch, MAX_BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("{} dossier versions not queued yet, the sweep will queue them: {}", batch.size(),
                        e.getClass().getName());
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void start() {
        running = true;
        sender = new Thread(this::run, "portal-queue");
        sender.setDaemon(true);
        sender.start();
    }

    /** Sends what is waiting (for at most a few seconds: what is left, the sweep queues after the restart). */
    @Override
    public void stop() {
        running = false;
        if (sender != null) {
            try {
                sender.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
