package vn.lgsp.hub.catalogues;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * How every hub instance sharing the database applies a catalogue change: the instance that stored
 * it announces the catalogue's name on the topic; each subscribed instance, itself included,
 * re-reads that catalogue's row and uses it. A periodic comparison catches an announcement missed
 * while the broker was out of reach.
 */
@Component
class CatalogueRoutes extends RouteBuilder {

    private final CatalogueProperties properties;
    private final CatalogueAdministration administration;

    CatalogueRoutes(CatalogueProperties properties, CatalogueAdministration administration) {
        this.properties = properties;
        this.administration = administration;
    }

    @Override
    public void configure() {
        errorHandler(defaultErrorHandler().logExhausted(true).retryAttemptedLogLevel(LoggingLevel.DEBUG));

        from("jms:topic:" + properties.topic()).routeId("catalogues.changed")
                .process(exchange -> administration.refresh(
                        exchange.getIn().getHeader(CatalogueAdministration.NAME_HEADER, String.class)))
                    .id("catalogues.changed.refresh")
                .log(LoggingLevel.INFO, "catalogue refreshed catalogue=${header." + CatalogueAdministration.NAME_HEADER
                        + "} version=${header." + CatalogueAdministration.VERSION_HEADER + "}");

        from("timer:catalogues.resync?delay=" + properties.resyncIntervalMs()
                + "&period=" + properties.resyncIntervalMs())
                .routeId("catalogues.resync")
                .process(exchange -> administration.refreshChanged()).id("catalogues.resync.refresh");
    }
}
