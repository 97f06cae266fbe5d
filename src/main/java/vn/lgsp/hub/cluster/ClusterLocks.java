package vn.lgsp.hub.cluster;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs that one hub instance at a time runs for the whole cluster (docs/operations.md, "What each instance
 * does alone"): the instance running a job holds its row of {@code cluster_lock} locked, in the database
 * every instance shares, for the length of one round. Another instance's round finds the row locked and
 * skips, without waiting; an instance that dies mid-round loses its connection, and with it the lock.
 */
@Component
public class ClusterLocks {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ClusterLocks(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Makes the lock exist (once per name, whichever instance is first). */
    public void declare(String name) {
        try {
            tx.executeWithoutResult(status -> jdbc.update(
                    "INSERT INTO cluster_lock (name) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM cluster_lock WHERE name = ?)",
                    name, name));
        } catch (DuplicateKeyException e) {
            // another instance declared it at the same moment
        }
    }

    /**
     * Runs the job in a transaction of its own that holds the lock, when no other instance holds it.
     *
     * @return the job's result, or empty when another instance holds the lock (the job did not run)
     */
    public <T> Optional<T> whileHolding(String name, Supplier<T> job) {
        return tx.execute(status -> {
            boolean held = !jdbc.queryForList("SELECT name FROM cluster_lock WHERE name = ? FOR UPDATE SKIP LOCKED",
                    String.class, name).isEmpty();
            return held ? Optional.ofNullable(job.get()) : Optional.empty();
        });
    }
}
