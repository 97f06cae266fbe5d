package vn.lgsp.hub.messaging;

import java.util.Map;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How a change stored in the database all hub instances share reaches each of them (docs/design.md,
 * "Live source settings and route files"): the instance that stored it announces it on a topic; every
 * subscribed instance, itself included, re-reads it from the database and applies it. A timer also
 * compares the database with what the instance applied, for an announcement missed while the broker
 * was out of reach: the database is the truth, the topic only makes a change immediate.
 *
 * <p>Source settings, catalogues and the route set travel this way, each on a topic of its own.
 */
@Component
public class SharedChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SharedChanges.class);

    private final ProducerTemplate producer;

    SharedChanges(ProducerTemplate producer) {
        this.producer = producer;
    }

    /**
     * Announces a stored change on its topic (non-persistent: a missed announcement is made up by the
     * comparison). A broker out of reach is logged, not thrown: the change is stored and applied here.
     *
     * @param headers what changed, as JMS properties (names and versions only, never request data)
     */
    public void announce(String topic, String body, Map<String, Object> headers) {
        try {
            producer.sendBodyAndHeaders("jms:topic:" + topic + "?deliveryPersistent=false", body, headers);
        } catch (RuntimeException e) {
            // the other instances find it when they next compare with the database
            LOG.warn("change not announced topic={} change={} reason={}", topic, headers, e.getClass().getSimpleName());
        }
    }

    /**
     * The two routes of one kind of change: one applying each announcement on the topic, one comparing
     * with the database every {@code resyncIntervalMs}.
     */
    public abstract static class Routes extends RouteBuilder {

        private final String topic;
        private final long resyncIntervalMs;
        private final String changedRouteId;
        private final String resyncRouteId;

        /**
         * @param changedRouteId the id of the route applying announcements ({@code .refresh} names its step)
         * @param resyncRouteId the id of the comparing route
         */
        protected Routes(String topic, long resyncIntervalMs, String changedRouteId, String resyncRouteId) {
            this.topic = topic;
            this.resyncIntervalMs = resyncIntervalMs;
            this.changedRouteId = changedRouteId;
            this.resyncRouteId = resyncRouteId;
        }

        /** Re-reads what the announcement names from the database and applies it. */
        protected abstract void announced(Message announcement);

        /** Compares the database with what this instance applied, and applies what differs. */
        protected abstract void resync();

        /** The log line of an applied announcement, in the simple language: what changed, never request data. */
        protected abstract String appliedLog();

        @Override
        public void configure() {
            errorHandler(defaultErrorHandler().logExhausted(true).retryAttemptedLogLevel(LoggingLevel.DEBUG));

            from("jms:topic:" + topic).routeId(changedRouteId)
                    .process(exchange -> announced(exchange.getIn())).id(changedRouteId + ".refresh")
                    .log(LoggingLevel.INFO, appliedLog());

            from("timer:" + resyncRouteId + "?delay=" + resyncIntervalMs + "&period=" + resyncIntervalMs)
                    .routeId(resyncRouteId)
                    .process(exchange -> resync()).id(resyncRouteId + ".refresh");
        }
    }
}
