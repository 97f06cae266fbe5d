package vn.lgsp.hub.portal;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Dossier sync to the National Public Service Portal (docs/design.md flow 2). The queue is consumed in
 * JMS transactions: a message is removed only when its version is delivered (or dead-lettered in
 * the same transaction), so a crash at any point redelivers it. Failed deliveries (the portal not
 * reached, an HTTP error, an answer without {@code error_code}) are retried with exponential backoff;
 * after the last attempt, or at once when the portal refuses the dossier, the message goes to the
 * dead-letter queue.
 */
@Component
class PortalSyncRoutes extends RouteBuilder {

    private final PortalProperties properties;
    private final PortalSync sync;

    PortalSyncRoutes(PortalProperties properties, PortalSync sync) {
        this.properties = properties;
        this.sync = sync;
    }

    @Override
    public void configure() {
        errorHandler(deadLetterChannel("direct:portal.dead-letter")
                .useOriginalMessage()
                .maximumRedeliveries(properties.maxAttempts() - 1)
                .redeliveryDelay(properties.initialBackoffMs())
                .useExponentialBackOff()
                .backOffMultiplier(properties.backoffMultiplier())
                .maximumRedeliveryDelay(properties.maxBackoffMs())
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .logExhausted(false)
                .onRedelivery(sync::attempted));

        // a refusal would be refused again: no more attempts, the dead-letter queue at once
        onException(PortalRefusedException.class)
                .useOriginalMessage()
                .maximumRedeliveries(0)
                .handled(true)
                .to("direct:portal.dead-letter");

        from("jms:queue:" + properties.queue() + "?transacted=true&cacheLevelName=CACHE_CONSUMER"
                + "&concurrentConsumers=" + properties.concurrentConsumers()
                + "&maxConcurrentConsumers=" + properties.concurrentConsumers())
                .routeId("portal.sync")
                .process(sync::prepare).id("portal.sync.prepare")
                .filter(exchangeProperty(PortalSync.SKIP).isNull())
                    // the call, and the portal's answer read: a failure retries the whole step
                    .process(sync::deliver).id("portal.sync.deliver")
                    .process(sync::delivered).id("portal.sync.delivered")
                .end();

        from("direct:portal.dead-letter").routeId("portal.dead-letter")
                .errorHandler(noErrorHandler())
                .process(sync::deadLettered)
                .setBody(simple("{\"dossierId\":\"${header." + PortalSync.DOSSIER_ID + "}\",\"version\":${header."
                        + PortalSync.VERSION + "}}"))
                .to("jms:queue:" + properties.deadLetterQueue() + "?deliveryPersistent=true").id("portal.dead-letter.queue");

        from("timer:portal.sweep?delay=" + properties.sweepIntervalMs() + "&period=" + properties.sweepIntervalMs())
                .routeId("portal.sweep")
                .errorHandler(defaultErrorHandler().logExhausted(false))
                .process(exchange -> exchange.getIn().setHeader("hubRequeued", sync.sweep()))
                .filter(header("hubRequeued").isGreaterThan(0))
                    .log(LoggingLevel.WARN, "portal sync: queued ${header.hubRequeued} dossier versions committed but never queued")
                .end();
    }
}
