package vn.lgsp.hub.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background job run in rounds on a thread of its own, on its {@link Schedule}: a round that fails is logged and
 * the next one tries again. The rounds' lock ({@link ClusterLocks}) is declared at the start; a round takes it
 * itself, with {@link ClusterLocks#whileHolding}, around what one instance of the cluster does at a time.
 */
public abstract class ClusterRound implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRound.class);

    private final ClusterLocks locks;
    private final String lock;
    private final String thread;
    private final Schedule schedule;
    private ScheduledExecutorService rounds;

    /**
     * When the rounds run: the first {@code firstDelayMs} after the start, each next one {@code intervalMs} after the
     * last one ended.
     */
    public record Schedule(long firstDelayMs, long intervalMs) {

        /** Every {@code intervalMs}, the first round after one interval or {@code firstAtMostMs}, the shorter. */
        public static Schedule every(long intervalMs, long firstAtMostMs) {
            return new Schedule(Math.min(intervalMs, firstAtMostMs), intervalMs);
        }
    }

    protected ClusterRound(ClusterLocks locks, String lock, String thread, Schedule schedule) {
        this.locks = locks;
        this.lock = lock;
        this.thread = thread;
        this.schedule = schedule;
    }

    /** One round, on the round's thread. */
    protected abstract void scheduledRound();

    private void safeRound() {
        try {
            scheduledRound();
        } catch (RuntimeException e) {
            LOG.warn("{}: the round failed, the next one tries again: {}", thread, e.getClass().getName());
        }
    }

    @Override
    public synchronized void start() {
        if (rounds != null) {
            return;
        }
        locks.declare(lock);
        rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        rounds.scheduleWithFixedDelay(this::safeRound, schedule.firstDelayMs(), schedule.intervalMs(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (rounds == null) {
            return;
        }
        rounds.shutdownNow();
        try {
            rounds.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rounds = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return rounds != null;
    }
}
