package vn.lgsp.hub.procedures;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.messaging.SharedChanges;

/**
 * How every hub instance sharing the database applies a procedure catalogue change ({@link SharedChanges}):
 * the instance that stored it announces the code on the topic; each subscribed instance, itself included,
 * re-reads that entry. A periodic comparison catches an announcement missed while the broker was out of reach.
 */
@Component
class ProcedureRoutes extends SharedChanges.Routes {

    private final Procedures procedures;

    ProcedureRoutes(ProcedureProperties properties, Procedures procedures) {
        super(properties.topic(), properties.resyncIntervalMs(), "procedures.changed", "procedures.resync");
        this.procedures = procedures;
    }

    @Override
    protected void announced(Message announcement) {
        procedures.refresh(announcement.getHeader(Procedures.CODE_HEADER, String.class));
    }

    @Override
    protected void resync() {
        procedures.refreshChanged();
    }

    @Override
    protected String appliedLog() {
        return "procedure refreshed code=${header." + Procedures.CODE_HEADER + "} version=${header."
                + Procedures.VERSION_HEADER + "}";
    }
}
