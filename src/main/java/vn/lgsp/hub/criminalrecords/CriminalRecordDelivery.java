package vn.lgsp.hub.criminalrecords;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.delivery.DeliveryPipeline;

/**
 * Criminal-record submissions (docs/design.md flow 3): the criminal-records service's {@link DeliveryPipeline}.
 * An accepted request is queued after its commit; the sweep queues what a crash left unqueued; consumers
 * submit requests at once, with backoff and dead letters.
 */
@Component
class CriminalRecordDelivery implements SmartLifecycle {

    private final DeliveryPipeline<CriminalRecordSubmission.Work> pipeline;

    CriminalRecordDelivery(CriminalRecordSubmission submission, ConnectionFactory connectionFactory, Clock clock) {
        this.pipeline = new DeliveryPipeline<>(submission, connectionFactory, clock);
    }

    /** After the request's commit: queued with the next batch; the sweep queues it if this does not. */
    void accepted(UUID requestId) {
        pipeline.accepted(CriminalRecordSubmission.parcel(requestId));
    }

    @Override
    public void start() {
        pipeline.start();
    }

    @Override
    public void stop() {
        pipeline.stop();
    }

    @Override
    public boolean isRunning() {
        return pipeline.isRunning();
    }
}
