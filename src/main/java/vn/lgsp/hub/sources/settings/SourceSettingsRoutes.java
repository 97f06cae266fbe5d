package vn.lgsp.hub.sources.settings;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.messaging.SharedChanges;
import vn.lgsp.hub.sources.lookup.Sources;

/**
 * How every hub instance sharing the database applies a live source change ({@link SharedChanges}):
 * the instance that stored it announces the source's name on the topic; each subscribed instance,
 * itself included, re-reads that source's row and applies it. A periodic comparison catches an
 * announcement missed while the broker was out of reach.
 */
@Component
class SourceSettingsRoutes extends SharedChanges.Routes {

    private final Sources sources;

    SourceSettingsRoutes(SourceSettingsProperties properties, Sources sources) {
        super(properties.topic(), properties.resyncIntervalMs(), "sources.settings-changed", "sources.settings-resync");
        this.sources = sources;
    }

    @Override
    protected void announced(Message announcement) {
        sources.refresh(announcement.getHeader(SourceAdministration.SOURCE_HEADER, String.class));
    }

    @Override
    protected void resync() {
        sources.refreshChanged();
    }

    @Override
    protected String appliedLog() {
        return "source settings refreshed source=${header." + SourceAdministration.SOURCE_HEADER
                + "} version=${header." + SourceAdministration.VERSION_HEADER + "}";
    }
}
