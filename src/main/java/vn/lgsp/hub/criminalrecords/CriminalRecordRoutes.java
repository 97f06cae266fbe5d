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
 * PENDING and answered 202; it is submitted to the criminal-records service by the outbound-delivery
 * pipeline ({@link CriminalRecordDelivery}: a persistent queue, a message acknowledged only once its outcome
 * is recorded, retries with exponential backoff, then a dead-letter queue); submitted requests are polled until they are
 * issued, rejected or past their deadline. Every completion, and every refused request, is a
 * reuse-ledger row.
 */
@Component
class CriminalRecordRoutes extends RouteBuilder {

    static final String PATH = "/api/v1/criminal-record-requests";
    private static final Logger LOG = LoggerFactory.getLogger(CriminalRecordRoutes.class);

    private final CriminalRecordRequests requests;
    private final CriminalRecordDelivery delivery;
    private final CriminalRecordPolling polling;
    private final CriminalRecordProperties properties;
    private final JsonBodies bodies;
    private final Responses responses;
    private final Clock clock;

    CriminalRecordRoutes(CriminalRecordRequests requests, CriminalRecordDelivery delivery,
                         CriminalRecordPolling polling, CriminalRecordProperties properties, JsonBodies bodies,
                         Responses responses, Clock clock) {
        this.requests = requests;
        this.delivery = delivery;
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

        String upstream = properties.upstreamEndpoint();

        from("timer:criminal-records.poll?delay=" + properties.pollIntervalMs() + "&period=" + properties.pollIntervalMs())
                .routeId("criminal-records.poll")
                .onException(Exception.class).handled(true).process(this::logFailure).end()
                .process(polling::due).id("criminal-records.poll.due")
                .split(body()).parallelProcessing()
                    .process(polling::claim).id("criminal-records.poll.claim")
                    .filter(exchangeProperty(CriminalRecordPolling.SKIP).isNull())
                        .doTry()
                            .to(upstream).id("criminal-records.poll.http")
                            .process(polling::answered).id("criminal-records.poll.answered")
                        .doCatch(Exception.class)
                            .process(polling::unanswered).id("criminal-records.poll.unanswered")
                        .end()
                    .end()
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
        delivery.accepted(id);
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

    /** A failure of a timer round (the database, mostly): its class only, the next round tries again. */
    private void logFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("route {} round failed cause={}", exchange.getFromRouteId(),
                cause == null ? "-" : cause.getClass().getName());
    }
}
