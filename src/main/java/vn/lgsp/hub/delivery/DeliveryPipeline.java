package vn.lgsp.hub.delivery;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.cluster.ClusterLocks;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.common.DeliveryFailures;

/**
 * The one outbound-delivery mechanism (docs/design.md, "Outbound delivery"): each destination — the
 * portal sync, criminal-record submissions — is a {@link Destination} run by one pipeline.
 * <ul>
 *   <li><b>Queueing</b>: a row committed by its feature (a dossier version, a request) is offered with
 *   {@link #accepted}; a sender thread claims the parcels committed meanwhile (marks them queued, in one
 *   update of a database transaction that keeps their rows locked) and puts them on the queue in one JMS
 *   transaction (one sync of the broker's journal) before that database transaction commits. The sweep
 *   queues rows committed but never queued (the queue here full, the send failed, the hub stopped in
 *   between), on one instance of the cluster at a time ({@link ClusterLocks}); a row is claimed once, so
 *   two instances never queue it twice.</li>
 *   <li><b>Delivery</b>: each consumer takes what is waiting, up to {@code batch-size} messages, has the
 *   destination prepare them in one read (the message carries what is delivered, so little is read), and
 *   hands each to its group's lane: up to {@code parallelism} groups are delivered at once, each group's
 *   parcels one after the other in queue order, a failed attempt retried with backoff in its lane without
 *   holding up the other groups. Outcomes are recorded as they come, many lanes' in one database
 *   transaction, and a group's next parcel goes only once the previous one is recorded. A parcel is
 *   acknowledged (one at a time) once its outcome is recorded, a dead one once it is on the dead-letter
 *   queue; a crash redelivers what was not, and the destination skips what it has recorded.</li>
 * </ul>
 * Order per group holds because the broker gives a message group to one consumer at a time and a lane
 * delivers its group's parcels in the order received; {@code consumers x batch-size} parcels at most are in
 * flight on an instance.
 */
public class DeliveryPipeline<W> implements SmartLifecycle {

    /** Parcels queued in one JMS transaction at most. */
    public static final int MAX_SEND_BATCH = 500;
    private static final int CAPACITY = 50_000;
    private static final long RECEIVE_TIMEOUT_MS = 500;
    private static final long SWEEP_GRACE_SECONDS = 5;
    private static final long RECONNECT_DELAY_MS = 1000;
    /** A failed send is tried this many times in all, after 0.25, 0.5, 1, 2 … s, before it is left to the sweep. */
    private static final int SEND_ATTEMPTS = 6;
    private static final long SEND_BACKOFF_MS = 250;
    private static final String GROUP = "JMSXGroupID";
    /** Artemis's acknowledgement of one message at a time ({@code ActiveMQJMSConstants.INDIVIDUAL_ACKNOWLEDGE}). */
    private static final int INDIVIDUAL_ACKNOWLEDGE = 101;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);

    private final Destination<W> destination;
    private final DeliverySettings settings;
    /** The consumers' connections: each its own, not a pool's (see {@link #consume}). */
    private final ConnectionFactory consumerConnections;
    private final JmsTemplate sender;
    private final Clock clock;
    private final ClusterLocks locks;
    private final TransactionTemplate claims;
    private final BlockingQueue<Parcel> accepted = new ArrayBlockingQueue<>(CAPACITY);
    private final List<Thread> threads = new ArrayList<>();
    private final BlockingQueue<Mark<W>> marks = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<String, Lane<W>> lanes = new ConcurrentHashMap<>();
    private final Semaphore permits;
    private volatile boolean running;
    private volatile boolean marking;
    private Thread marker;
    private ExecutorService deliveries;
    private ScheduledExecutorService sweeper;

    public DeliveryPipeline(Destination<W> destination, ConnectionFactory connectionFactory, Clock clock,
                            ClusterLocks locks, PlatformTransactionManager transactions) {
        this.destination = destination;
        this.locks = locks;
        this.claims = new TransactionTemplate(transactions);
        // a batch's claim is its own transaction, also when the sweep's (holding the cluster lock) is open
        this.claims.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.settings = destination.settings();
        this.consumerConnections = connectionFactory instanceof JmsPoolConnectionFactory pool
                && pool.getConnectionFactory() instanceof ConnectionFactory own ? own : connectionFactory;
        this.sender = new JmsTemplate(connectionFactory);
        this.sender.setSessionTransacted(true);
        this.clock = clock;
        this.permits = new Semaphore(capacity());
    }

    // --- queueing --------------------------------------------------------------------------------

    /** A row just committed: queued with the next batch, or left to the sweep when this queue is full or stopping. */
    public void accepted(Parcel parcel) {
        if (!running || !accepted.offer(parcel)) {
            LOG.debug("{} parcel left to the sweep: the queue is full or stopping", settings.queue());
        }
    }

    /**
     * Queues those of these parcels that no one has queued yet: in one database transaction, the destination
     * marks them queued (their rows stay locked: a second sender of one of them waits, then finds it queued),
     * they are sent in one JMS transaction, and the database transaction commits. Throws when the send failed:
     * nothing is marked, and the sweep queues them later. A crash between the two commits leaves sent parcels
     * unmarked: the sweep sends them again, and the destination skips what it has recorded (at least once).
     *
     * @return how many were sent
     */
    public int send(List<Parcel> parcels) {
        if (parcels.isEmpty()) {
            return 0;
        }
        Integer sent = claims.execute(status -> {
            List<Parcel> claimed = destination.claim(parcels, now());
            if (!claimed.isEmpty()) {
                put(claimed);
            }
            return claimed.size();
        });
        return sent == null ? 0 : sent;
    }

    private void put(List<Parcel> parcels) {
        sender.execute(session -> {
            MessageProducer producer = session.createProducer(session.createQueue(settings.queue()));
            try {
                for (Parcel parcel : parcels) {
                    producer.send(message(session, parcel), DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 0);
                }
            } finally {
                producer.close();
            }
            JmsUtils.commitIfNecessary(session);
            return null;
        }, true);
    }

    /**
     * Queues the rows committed a while ago but never queued, unless another instance is sweeping this queue
     * (then it returns 0 at once).
     *
     * @return how many were queued
     */
    public int sweep() {
        return locks.whileHolding(sweepLock(), () -> {
            List<Parcel> unqueued = destination.unqueued(now().minusSeconds(SWEEP_GRACE_SECONDS), CAPACITY);
            int queued = 0;
            for (int from = 0; from < unqueued.size(); from += MAX_SEND_BATCH) {
                queued += send(unqueued.subList(from, Math.min(unqueued.size(), from + MAX_SEND_BATCH)));
            }
            return queued;
        }).orElse(0);
    }

    private String sweepLock() {
        return settings.queue() + ".sweep";
    }

    private void sendAccepted() {
        List<Parcel> batch = new ArrayList<>(MAX_SEND_BATCH);
        while (running || !accepted.isEmpty()) {
            try {
                Parcel first = accepted.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                accepted.drainTo(batch, MAX_SEND_BATCH - 1);
                sendOrLeaveToSweep(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Sends a batch, trying again a few times over some seconds when the send fails (the broker failing over to
     * its backup, say), before the parcels that come after it: those are left to the sweep only when the broker
     * stays out of reach.
     */
    private void sendOrLeaveToSweep(List<Parcel> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                send(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == SEND_ATTEMPTS || !running) {
                    LOG.warn("{}: {} parcels not queued yet, the sweep will queue them: {}", settings.queue(),
                            batch.size(), e.getClass().getName());
                    return;
                }
                LOG.info("{}: sending {} parcels failed, trying again: {}", settings.queue(), batch.size(),
                        e.getClass().getName());
                Thread.sleep(SEND_BACKOFF_MS << (attempt - 1));
            }
        }
    }

    /**
     * A sweep round, unless the sender still has parcels waiting: what overflowed its queue is swept once it
     * has caught up, rather than sent twice while it has not.
     */
    private void sweepRound() {
        if (!accepted.isEmpty()) {
            return;
        }
        try {
            int queued = sweep();
            if (queued > 0) {
                LOG.warn("{}: queued {} parcels committed but never queued", settings.queue(), queued);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: sweep failed, the next round tries again: {}", settings.queue(), e.getClass().getName());
        }
    }

    // --- delivery --------------------------------------------------------------------------------

    /**
     * One consumer: connects, then takes what is waiting (up to a batch, within the instance's in-flight
     * limit), has it prepared in one call, hands each parcel to its group's lane, and acknowledges each
     * parcel once its outcome is recorded (a dead one once it is on the dead-letter queue). Reconnects after
     * a failure; what it had not acknowledged, the broker delivers again.
     *
     * <p>A failover of the broker to its backup counts as a failure, although the client carries the
     * connection over: the backup knows nothing of the messages this consumer received and had not
     * acknowledged, and delivers them again, perhaps to another instance. The lanes then drop what of them
     * they have not begun, and the consumer starts on a new connection. Its connection is its own (the JMS
     * pool's would hide the failover, or close it under the consumer).
     */
    private void consume() {
        while (running) {
            Connection connection = null;
            Link link = new Link();
            BlockingQueue<Finished> finished = link.finished;
            try {
                connection = consumerConnections.createConnection();
                // a broken connection, and a failover of the broker (ActiveMQ Artemis calls this with FAILOVER)
                connection.setExceptionListener(e -> link.open = false);
                connection.start();
                Session session = connection.createSession(false, INDIVIDUAL_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(settings.queue()));
                MessageProducer deadLetters = session.createProducer(session.createQueue(settings.deadLetterQueue()));
                while (running && link.open) {
                    acknowledge(session, deadLetters, finished);
                    List<Message> batch = receive(consumer);
                    if (!batch.isEmpty()) {
                        dispatch(batch, link);
                    }
                }
                if (running) {
                    LOG.warn("{}: the broker connection failed or failed over, reconnecting", settings.queue());
                    continue;
                }
                // stopping: the lanes finish what they hold (a few seconds at most), then the last acknowledgements
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (permits.availablePermits() < capacity() && System.nanoTime() < deadline) {
                    acknowledge(session, deadLetters, finished);
                    Thread.sleep(20);
                }
                acknowledge(session, deadLetters, finished);
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    LOG.warn("{}: consumer failed, reconnecting: {}", settings.queue(), e.getClass().getName());
                    pause(RECONNECT_DELAY_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                // what this connection received and the lanes have not begun, the broker delivers again
                link.open = false;
                JmsUtils.closeConnection(connection);
            }
        }
    }

    /** Parcels in flight on this instance at most: received, and not yet recorded. */
    private int capacity() {
        return settings.consumers() * settings.batchSize();
    }

    /** What is waiting, up to a batch and the free in-flight places: waits briefly for the first message only. */
    private List<Message> receive(MessageConsumer consumer) throws JMSException, InterruptedException {
        if (!permits.tryAcquire(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            return List.of();
        }
        Message first = consumer.receive(RECEIVE_TIMEOUT_MS);
        if (first == null) {
            permits.release();
            return List.of();
        }
        List<Message> batch = new ArrayList<>(settings.batchSize());
        batch.add(first);
        while (batch.size() < settings.batchSize() && permits.tryAcquire()) {
            Message next = consumer.receiveNoWait();
            if (next == null) {
                permits.release();
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    /** Prepares a batch in one call (again until it succeeds) and hands each parcel to its group's lane. */
    private void dispatch(List<Message> messages, Link link) throws JMSException,
            InterruptedException {
        List<Parcel> parcels = new ArrayList<>(messages.size());
        for (Message m : messages) {
            parcels.add(parcel(m));
        }
        // read before the destination reads its records: a group without a lane now has all it sent recorded
        Set<String> inFlight = new HashSet<>();
        for (Parcel parcel : parcels) {
            if (lanes.containsKey(parcel.group())) {
                inFlight.add(parcel.group());
            }
        }
        List<W> works;
        while (true) {
            try {
                works = destination.prepare(parcels, inFlight);
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    // not acknowledged: the broker delivers them again after the restart
                    permits.release(parcels.size());
                    return;
                }
                LOG.warn("{}: {} parcels not prepared, trying again: {}", settings.queue(), parcels.size(),
                        e.getClass().getName());
                Thread.sleep(RECONNECT_DELAY_MS);
            }
        }
        for (int i = 0; i < parcels.size(); i++) {
            Job<W> job = new Job<>(parcels.get(i), works.get(i), messages.get(i), link);
            lanes.compute(job.parcel().group(), (group, lane) -> {
                boolean start = lane == null;
                Lane<W> joined = start ? new Lane<>(group) : lane;
                synchronized (joined) {
                    joined.jobs.add(job);
                }
                if (start) {
                    deliveries.execute(() -> run(joined));
                }
                return joined;
            });
        }
    }

    /**
     * Runs a group's parcels one after the other, in the order received. A parcel's outcome is recorded before
     * the group's next parcel goes; when the lane has no next parcel, this thread does not wait for the record:
     * the lane stays open (a parcel of the group arriving meanwhile waits in it) and the record's completion
     * finishes the parcel and restarts or closes the lane.
     */
    private void run(Lane<W> lane) {
        while (true) {
            Job<W> job;
            synchronized (lane) {
                job = lane.jobs.poll();
            }
            if (job == null) {
                if (closeIfEmpty(lane)) {
                    return;
                }
                continue;
            }
            if (!job.link().open) {
                // its connection failed (the broker failing over, say): the broker delivers it again, maybe to
                // another instance, which must not find this one still delivering the group
                permits.release();
                continue;
            }
            Outcome outcome;
            try {
                outcome = lane.last != null && job.work() != null && destination.supersedes(lane.last, job.work())
                        ? attempt(job.parcel(), null, job.link())
                        : attempt(job.parcel(), job.work(), job.link());
            } catch (InterruptedException e) {
                // stopping in a backoff: not acknowledged, the broker delivers it again after the restart
                permits.release();
                abandon(lane);
                return;
            }
            if (outcome == null) {
                permits.release();
                continue;
            }
            if (outcome.result() instanceof Settlement.Done<?>) {
                lane.last = job.work();
            }
            boolean more;
            synchronized (lane) {
                more = !lane.jobs.isEmpty();
            }
            if (!more) {
                outcome.recorded().whenComplete((ok, failure) -> recordedLater(lane, job, outcome, failure));
                return;
            }
            try {
                outcome.recorded().get();
                finish(job, outcome);
            } catch (ExecutionException e) {
                notRecorded(lane, job, e.getCause());
                pause(RECONNECT_DELAY_MS);
            } catch (InterruptedException e) {
                permits.release();
                abandon(lane);
                return;
            }
        }
    }

    /** The record of a lane's last parcel is done (or failed): the parcel is finished, and the lane goes on or closes. */
    private void recordedLater(Lane<W> lane, Job<W> job, Outcome outcome, Throwable failure) {
        if (failure == null) {
            finish(job, outcome);
        } else {
            notRecorded(lane, job, failure);
        }
        if (!closeIfEmpty(lane)) {
            if (failure == null) {
                deliveries.execute(() -> run(lane));
            } else {
                sweeper.schedule(() -> deliveries.execute(() -> run(lane)), RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The lane is removed if it has nothing left (atomically with a dispatch that would add to it); else kept. */
    private boolean closeIfEmpty(Lane<W> lane) {
        return lanes.compute(lane.group, (group, current) -> {
            synchronized (lane) {
                return current == lane && lane.jobs.isEmpty() ? null : current;
            }
        }) == null;
    }

    /** The parcel's outcome is recorded: acknowledged by its consumer, its place in flight freed. */
    private void finish(Job<W> job, Outcome outcome) {
        job.link().finished.add(new Finished(job.message(),
                outcome.result() instanceof Settlement.Dead<?> dead ? dead : null, job.parcel()));
        permits.release();
    }

    /**
     * The outcome could not be recorded (the database is unavailable): the parcel goes again, first in its lane,
     * after a pause. The destination may receive it twice, never lose it.
     */
    private void notRecorded(Lane<W> lane, Job<W> job, Throwable failure) {
        LOG.warn("{}: outcome not recorded, delivering again: {}", settings.queue(), failure.getClass().getName());
        synchronized (lane) {
            lane.jobs.addFirst(job);
        }
    }

    /** Stopping: the parcels left in the lane stay unacknowledged, for the broker to deliver again. */
    private void abandon(Lane<W> lane) {
        lanes.remove(lane.group, lane);
        synchronized (lane) {
            permits.release(lane.jobs.size());
            lane.jobs.clear();
        }
    }

    /**
     * Delivers one parcel: attempts with backoff until success, a refusal or the last attempt. Returns its
     * outcome (a {@link Settlement.Done}, a {@link Settlement.Dead}, or null: skipped) handed to the marker,
     * with the future of its record; or null when its connection failed between two attempts (the broker
     * delivers it again).
     */
    private Outcome attempt(Parcel parcel, W work, Link link) throws InterruptedException {
        if (work == null) {
            return new Outcome(null, record(new Settlement<>(List.of(), List.of(parcel), List.of())));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                destination.deliver(work);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                boolean refused = DeliveryFailures.isRefusal(e);
                if (refused || attempt >= settings.maxAttempts()) {
                    Settlement.Dead<W> dead = new Settlement.Dead<>(parcel, work, e,
                            DeliveryFailures.reason(e, destination.system()), attempt);
                    return new Outcome(dead, record(new Settlement<>(List.of(), List.of(), List.of(dead))));
                }
                LOG.debug("{}: attempt {} failed, retrying: {}", settings.queue(), attempt, e.getClass().getName());
                destination.retrying(work);
                Thread.sleep(settings.backoffMs(attempt));
                if (!link.open) {
                    return null;
                }
                continue;
            }
            Settlement.Done<W> done = new Settlement.Done<>(parcel, work, attempt);
            return new Outcome(done, record(new Settlement<>(List.of(done), List.of(), List.of())));
        }
    }

    /** Hands an outcome to the marker, which records it with those of the other lanes in one transaction. */
    private CompletableFuture<Void> record(Settlement<W> outcome) {
        Mark<W> mark = new Mark<>(outcome, new CompletableFuture<>());
        marks.add(mark);
        return mark.recorded();
    }

    /** Records outcomes as they come, many in one transaction of the destination. */
    private void mark() {
        List<Mark<W>> batch = new ArrayList<>();
        while (marking || !marks.isEmpty()) {
            try {
                Mark<W> first = marks.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                marks.drainTo(batch, MAX_SEND_BATCH - 1);
                List<Settlement.Done<W>> delivered = new ArrayList<>();
                List<Parcel> skipped = new ArrayList<>();
                List<Settlement.Dead<W>> dead = new ArrayList<>();
                for (Mark<W> m : batch) {
                    delivered.addAll(m.outcome().delivered());
                    skipped.addAll(m.outcome().skipped());
                    dead.addAll(m.outcome().dead());
                }
                try {
                    destination.settle(new Settlement<>(delivered, skipped, dead));
                    batch.forEach(m -> m.recorded().complete(null));
                } catch (RuntimeException e) {
                    LOG.warn("{}: {} outcomes not recorded, their parcels are delivered again: {}", settings.queue(),
                            batch.size(), e.getClass().getName());
                    batch.forEach(m -> m.recorded().completeExceptionally(e));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(m -> m.recorded().completeExceptionally(e));
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** On the consumer's own thread (a JMS session is single-threaded): dead letters sent, finished parcels acknowledged. */
    private void acknowledge(Session session, MessageProducer deadLetters, BlockingQueue<Finished> finished)
            throws JMSException {
        Finished f;
        while ((f = finished.poll()) != null) {
            if (f.dead() != null) {
                Message message = message(session, f.parcel());
                for (Map.Entry<String, Object> header : DeliveryFailures.headers(f.dead().reason(), now(),
                        f.dead().attempts(), settings.queue(), f.parcel().group()).entrySet()) {
                    message.setObjectProperty(header.getKey(), header.getValue());
                }
                deadLetters.send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 0);
                // the group is a dossier's or a request's id: not logged
                LOG.warn("{}: dead-lettered attempts={} reason={}", settings.queue(), f.dead().attempts(),
                        f.dead().reason());
            }
            f.message().acknowledge();
        }
    }

    /** A group's parcels waiting in this instance, delivered one after the other by one thread at a time. */
    private static final class Lane<W> {
        private final String group;
        private final ArrayDeque<Job<W>> jobs = new ArrayDeque<>();
        /** The last work this lane delivered: a parcel it supersedes is skipped (a copy delivered again). */
        private W last;

        Lane(String group) {
            this.group = group;
        }
    }

    private record Job<W>(Parcel parcel, W work, Message message, Link link) {
    }

    /** One consumer connection: what its lanes finished, for it to acknowledge; closed once it failed. */
    private static final class Link {
        private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        private volatile boolean open = true;
    }

    private record Finished(Message message, Settlement.Dead<?> dead, Parcel parcel) {
    }

    /** What became of a parcel, and the future of its record. */
    private record Outcome(Object result, CompletableFuture<Void> recorded) {
    }

    private record Mark<W>(Settlement<W> outcome, CompletableFuture<Void> recorded) {
    }

    // --- messages ----------------------------------------------------------------------------------

    private static Message message(Session session, Parcel parcel) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        if (parcel.body() != null) {
            message.writeBytes(parcel.body());
        }
        for (Map.Entry<String, Object> property : parcel.properties().entrySet()) {
            message.setObjectProperty(property.getKey(), property.getValue());
        }
        message.setStringProperty(GROUP, parcel.group());
        return message;
    }

    /** A message as a parcel: its group, its {@code hub*} properties but the dead-letter ones, its body. */
    private static Parcel parcel(Message m) throws JMSException {
        Map<String, Object> properties = new HashMap<>();
        for (Object name : Collections.list(m.getPropertyNames())) {
            String key = (String) name;
            if (key.startsWith("hub") && !DeadLetterHeaders.is(key)) {
                properties.put(key, m.getObjectProperty(key));
            }
        }
        byte[] body = null;
        if (m instanceof BytesMessage bytes && bytes.getBodyLength() > 0) {
            body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
        } else if (m instanceof TextMessage text && text.getText() != null) {
            body = text.getText().getBytes(StandardCharsets.UTF_8);
        }
        String group = m.getStringProperty(GROUP);
        return new Parcel(group == null ? "" : group, properties, body);
    }

    private static void rollback(Session session) {
        try {
            session.rollback();
        } catch (JMSException e) {
            LOG.debug("rollback failed (the connection is gone: the broker redelivers anyway)", e);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // --- lifecycle -----------------------------------------------------------------------------------

    @Override
    public final synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        marking = true;
        marker = thread(this::mark, settings.queue() + "-marker");
        AtomicInteger n = new AtomicInteger();
        deliveries = Executors.newFixedThreadPool(settings.parallelism(), r -> {
            Thread t = new Thread(r, settings.queue() + "-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.add(thread(this::sendAccepted, settings.queue() + "-sender"));
        for (int i = 1; i <= settings.consumers(); i++) {
            threads.add(thread(this::consume, settings.queue() + "-consumer-" + i));
        }
        locks.declare(sweepLock());
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, settings.queue() + "-sweep");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepRound, settings.sweepIntervalMs(), settings.sweepIntervalMs(),
                TimeUnit.MILLISECONDS);
    }

    private static Thread thread(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Sends what is waiting and lets the batches in delivery finish, for a few seconds at most; a batch
     * still in a backoff then is rolled back, and the broker redelivers it after the restart.
     */
    @Override
    public final synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        sweeper.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.interrupt();
        }
        deliveries.shutdownNow();
        threads.clear();
        // the consumers are done: what they delivered is recorded, then the marker stops
        marking = false;
        try {
            marker.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String toString() {
        return "DeliveryPipeline[" + settings.queue() + ", consumers=" + settings.consumers() + ", batch="
                + settings.batchSize() + ", parallelism=" + settings.parallelism() + "]";
    }
}
