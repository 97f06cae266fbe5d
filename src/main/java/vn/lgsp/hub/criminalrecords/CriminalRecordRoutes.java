package vn.lgsp.hub.criminalrecords;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.JsonBodies;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.gateway.GatewayRequest;
import vn.lgsp.hub.security.CurrentClient;

/**
 * Criminal-record certificate requests (docs/api.md §3, docs/design.md flow 3). A valid request is stored
 * PENDING and answered 202; it is submitted to the criminal-records service through a persistent
 * queue consumed in JMS transactions (a crash at any point redelivers the message), with retries
 * and exponential backoff, then a dead-letter queue; submitted requests are polled until they are
 * issued, rejected or past their deadline. Every completion, and every refused request, is a
 * reuse-ledger row.
 */
@Component
class CriminalRecordRoutes extends RouteBuilder {

    static final String PATH = "/api/v1/criminal-record-requests";
    private static final Logger LOG = LoggerFactory.getLogger(CriminalRecordRoutes.class);

    private final CriminalRecordRequests requests;
    private final CriminalRecordSubmission submission;
    private final CriminalRecordPolling polling;
    private final CriminalRecordProperties properties;
    private final JsonBodies bodies;
    private final Responses responses;
    private final Clock clock;

    CriminalRecordRoutes(CriminalRecordRequests requests, CriminalRecordSubmission submission,
                         CriminalRecordPolling polling, CriminalRecordProperties properties, JsonBodies bodies,
                         Responses responses, Clock clock) {
        this.requests = requests;
        this.submission = submission;
        this.polling = polling;
        this.properties = properties;
        this.bodies = bodies;
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public void configure() {
        rest(PATH)
                .post().id("criminal-records.create").consumes("application/json").produces("application/json")
                    .to("direct:criminal-records.create")
                .get("/{requestId}").id("criminal-records.get").produces("application/json")
                    .to("direct:criminal-records.get")
                .get("/{requestId}/certificate").id("criminal-records.certificate").produces("application/pdf")
                    .to("direct:criminal-records.certificate");

        from("direct:criminal-records.create").routeId("criminal-records.create")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::create);
        from("direct:criminal-records.get").routeId("criminal-records.get")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::get);
        from("direct:criminal-records.certificate").routeId("criminal-records.certificate")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::certificate);

        String upstream = upstreamEndpoint();
        // a submission's answer is read whatever its status below 500 (CriminalRecordSubmission.accepted)
        String submitEndpoint = upstream + "&okStatusCodeRange=100-499";

        from("jms:queue:" + properties.queue() + "?transacted=true&cacheLevelName=CACHE_CONSUMER"
                + "&concurrentConsumers=" + properties.concurrentConsumers()
                + "&maxConcurrentConsumers=" + properties.concurrentConsumers())
                .routeId("criminal-records.submit")
                .errorHandler(deadLetterChannel("direct:criminal-records.dead-letter")
                        .useOriginalMessage()
                        .maximumRedeliveries(properties.maxAttempts() - 1)
                        .redeliveryDelay(properties.initialBackoffMs())
                        .useExponentialBackOff()
                        .backOffMultiplier(properties.backoffMultiplier())
                        .maximumRedeliveryDelay(properties.maxBackoffMs())
                        // exception messages may quote an upstream URI or body: never logged
                        .logRetryAttempted(false)
                        .logExhausted(false)
                        .logStackTrace(false)
                        .onRedelivery(submission::attempted))
                // a refusal would be refused again: no more attempts, the dead-letter queue at once
                .onException(CriminalRecordRefusedException.class)
                    .useOriginalMessage()
                    .maximumRedeliveries(0)
                    .handled(true)
                    .to("direct:criminal-records.dead-letter")
                .end()
                .process(submission::prepare).id("criminal-records.submit.prepare")
                .filter(exchangeProperty(CriminalRecordSubmission.SKIP).isNull())
                    // the call and the reading of its answer: a failure of either sends the declaration again
                    .to("direct:criminal-records.submit.call").id("criminal-records.submit.send")
                .end();

        from("direct:criminal-records.submit.call").routeId("criminal-records.submit.call")
                .errorHandler(noErrorHandler())
                .to(submitEndpoint).id("criminal-records.submit.http")
                .process(submission::accepted).id("criminal-records.submit.accepted");

        from("direct:criminal-records.dead-letter").routeId("criminal-records.dead-letter")
                .errorHandler(noErrorHandler())
                .process(submission::deadLettered).id("criminal-records.dead-letter.record")
                .to("jms:queue:" + properties.deadLetterQueue() + "?deliveryPersistent=true")
                .id("criminal-records.dead-letter.queue");

        from("timer:criminal-records.poll?delay=" + properties.pollIntervalMs() + "&period=" + properties.pollIntervalMs())
                .routeId("criminal-records.poll")
                .onException(Exception.class).handled(true).process(this::logFailure).end()
                .process(polling::due).id("criminal-records.poll.due")
                .split(body()).parallelProcessing()
                    .process(polling::claim).id("criminal-records.poll.claim")
                    .filter(exchangeProperty(CriminalRecordSubmission.SKIP).isNull())
                        .doTry()
                            .to(upstream).id("criminal-records.poll.http")
                            .process(polling::answered).id("criminal-records.poll.answered")
                        .doCatch(Exception.class)
                            .process(polling::unanswered).id("criminal-records.poll.unanswered")
                        .end()
                    .end()
                .end();

        from("timer:criminal-records.sweep?delay=" + properties.sweepIntervalMs()
                + "&period=" + properties.sweepIntervalMs())
                .routeId("criminal-records.sweep")
                .onException(Exception.class).handled(true).process(this::logFailure).end()
                .process(exchange -> exchange.getIn().setHeader("hubRequeued", submission.sweep()))
                    .id("criminal-records.sweep.queue")
                .filter(header("hubRequeued").isGreaterThan(0))
                    .log(LoggingLevel.WARN, "criminal-record requests: queued ${header.hubRequeued} committed but never queued")
                .end();
    }

    private void create(Exchange exchange) {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        CriminalRecordDocument document = null;
        GatewayRequest context;
        try {
            context = GatewayRequest.lookup(exchange);
            document = bodies.read(exchange, CriminalRecordDocument.class);
            CriminalRecordValidation.document(document, clock);
        } catch (HubException refused) {
            // recorded before the refusal is answered; if it cannot be, the answer says so instead
            requests.recordInvalid(GatewayRequest.of(exchange), document == null ? null : document.personalId(), started,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
            throw refused;
        }
        UUID id = requests.create(context, document);
        submission.enqueueAccepted(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", id);
        body.put("status", RequestStatus.PENDING);
        responses.json(exchange, 202, body);
        exchange.getMessage().setHeader("Location", PATH + "/" + id);
        LOG.info("criminal-record request accepted requestId={}", id);
    }

    private void get(Exchange exchange) {
        UUID id = CriminalRecordValidation.requestId(exchange.getIn().getHeader("requestId", String.class))
                .orElseThrow(CriminalRecordRequests::notFound);
        responses.json(exchange, 200, requests.view(id, CurrentClient.require()));
    }

    /** The issued certificate's PDF, as the service sent it. */
    private void certificate(Exchange exchange) {
        UUID id = CriminalRecordValidation.requestId(exchange.getIn().getHeader("requestId", String.class))
                .orElseThrow(CriminalRecordRequests::notFound);
        byte[] pdf = requests.pdf(id, CurrentClient.require());
        responses.bytes(exchange, 200, "application/pdf", pdf);
        exchange.getMessage().setHeader("Content-Disposition", "inline; filename=\"phieu-lltp-" + id + ".pdf\"");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
    }

    /** The service's endpoint: its timeouts, and failures raised as exceptions (retried, or rescheduling a poll). */
    private String upstreamEndpoint() {
        int timeout = properties.timeoutMs();
        return properties.baseUrl() + "?throwExceptionOnFailure=true"
                + "&connectTimeout=" + timeout + "&connectionRequestTimeout=" + timeout
                + "&responseTimeout=" + timeout + "&soTimeout=" + timeout;
    }

    /** A failure of a timer round (the database, mostly): its class only, the next round tries again. */
    private void logFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("route {} round failed cause={}", exchange.getFromRouteId(),
                cause == null ? "-" : cause.getClass().getName());
    }
}
