package vn.lgsp.hub.portal;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import vn.lgsp.hub.cluster.ClusterLocks;
import vn.lgsp.hub.delivery.DeliveryPipeline;
import vn.lgsp.hub.dossiers.DossierVersionAccepted;

/**
 * Dossier sync to the National Public Service Portal (docs/design.md flow 2): the portal's
 * {@link DeliveryPipeline}. An accepted version is queued after its commit with the next batch; the
 * sweep queues what a crash left unqueued; consumers deliver batches of versions, many dossiers at once
 * and each dossier's versions in order, with backoff and dead letters.
 */
@Component
class PortalDelivery extends DeliveryPipeline<PortalSync.Work> {

    PortalDelivery(PortalSync sync, ConnectionFactory connectionFactory, Clock clock,
                    ClusterLocks locks, PlatformTransactionManager transactions) {
        super(sync, connectionFactory, clock, locks, transactions);
    }

    /** After a version's commit: queued with the next batch; the sweep queues it if this does not. */
    @EventListener
    public void onAccepted(DossierVersionAccepted accepted) {
        accepted(PortalSync.parcel(accepted));
    }
}
