package vn.lgsp.hub.catalogues;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.messaging.SharedChanges;

/**
 * How every hub instance sharing the database applies a catalogue change ({@link SharedChanges}): the
 * instance that stored it announces the catalogue's name on the topic; each subscribed instance,
 * itself included, re-reads that catalogue's row and uses it. A periodic comparison catches an
 * announcement missed while the broker was out of reach.
 */
@Component
class CatalogueRoutes extends SharedChanges.Routes {

    private final CatalogueAdministration administration;

    CatalogueRoutes(CatalogueProperties properties, CatalogueAdministration administration) {
        super(properties.topic(), properties.resyncIntervalMs(), "catalogues.changed", "catalogues.resync");
        this.administration = administration;
    }

    @Override
    protected void announced(Message announcement) {
        administration.refresh(announcement.getHeader(CatalogueAdministration.NAME_HEADER, String.class));
    }

    @Override
    protected void resync() {
        administration.refreshChanged();
    }

    @Override
    protected String appliedLog() {
        return "catalogue refreshed catalogue=${header." + CatalogueAdministration.NAME_HEADER
                + "} version=${header." + CatalogueAdministration.VERSION_HEADER + "}";
    }
}
