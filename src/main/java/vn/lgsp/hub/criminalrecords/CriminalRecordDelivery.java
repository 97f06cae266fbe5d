package vn.lgsp.hub.criminalrecords;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import vn.lgsp.hub.cluster.ClusterLocks;
import vn.lgsp.hub.delivery.DeliveryPipeline;

/**
 * Criminal-record submissions (docs/design.md flow 3): the criminal-records service's {@link DeliveryPipeline}.
 * An accepted request is queued after its commit; the sweep queues what a crash left unqueued; consumers
 * submit requests at once, with backoff and dead letters.
 */
@Component
class CriminalRecordDelivery extends DeliveryPipeline<CriminalRecordSubmission.Work> {

    CriminalRecordDelivery(CriminalRecordSubmission submission, ConnectionFactory connectionFactory, Clock clock,
                            ClusterLocks locks, PlatformTransactionManager transactions) {
        super(submission, connectionFactory, clock, locks, transactions);
    }

    /** After the request's commit: queued with the next batch; the sweep queues it if this does not. */
    void accepted(UUID requestId) {
        accepted(CriminalRecordSubmission.parcel(requestId));
    }
}
