package vn.lgsp.hub.sources.settings;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.lookup.Sources;

/**
 * How every hub instance sharing the database applies a live source change (docs/design.md, scaling):
 * the instance that stored it announces the source's name on the topic; each subscribed instance,
 * itself included, re-reads that source's row and applies it. A periodic comparison catches an
 * announcement missed while the broker was out of reach.
 */
@Component
class SourceSettingsRoutes extends RouteBuilder {

    private final SourceSettingsProperties properties;
    private final Sources sources;

    SourceSettingsRoutes(SourceSettingsProperties properties, Sources sources) {
        this.properties = properties;
        this.sources = sources;
    }

    @Override
    public void configure() {
        errorHandler(defaultErrorHandler().logExhausted(true).retryAttemptedLogLevel(LoggingLevel.DEBUG));

        from("jms:topic:" + properties.topic()).routeId("sources.settings-changed")
                .process(exchange -> sources.refresh(
                        exchange.getIn().getHeader(SourceAdministration.SOURCE_HEADER, String.class)))
                    .id("sources.settings-changed.refresh")
                .log(LoggingLevel.INFO, "source settings refreshed source=${header." + SourceAdministration.SOURCE_HEADER
                        + "} version=${header." + SourceAdministration.VERSION_HEADER + "}");

        from("timer:sources.settings-resync?delay=" + properties.resyncIntervalMs()
                + "&period=" + properties.resyncIntervalMs())
                .routeId("sources.settings-resync")
                .process(exchange -> sources.refreshChanged()).id("sources.settings-resync.refresh");
    }
}
