package vn.lgsp.hub.criminalrecords;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.catalogues.Catalogues;
import vn.lgsp.hub.common.CorrelationId;
import vn.lgsp.hub.common.DeadLetterSource;
import vn.lgsp.hub.common.DeliveryFailures;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * Submits accepted requests to the criminal-records service through the persistent queue: queues
 * each request after its commit (the sweeper queues what a crash left unqueued), and on delivery
 * posts its declaration in the service's envelope ({@link CriminalRecordEnvelope}) under its dossier
 * id (maHoSoMCDT). A message for a request already submitted does nothing, and a declaration sent
 * again after a crash is answered "already received", which counts as submitted, so redeliveries are
 * harmless; a message for a request whose submission FAILED (a dead letter replayed) submits it again.
 */
@Component
class CriminalRecordSubmission implements DeadLetterSource {

    /** JMS property (and exchange property) naming the request a message is about. */
    static final String REQUEST_ID = "hubRequestId";
    static final String SKIP = "hubSkip";
    static final String ATTEMPT = "hubAttempt";
    /** Exchange property: the dossier id the request is sent under (maHoSoMCDT). */
    static final String DOSSIER = "hubDossierId";
    /** Exchange property: the call as prepared, sent again as it was on each redelivery. */
    private static final String OUTGOING = "hubOutgoing";
    private static final String GROUP = "JMSXGroupID";
    private static final Logger LOG = LoggerFactory.getLogger(CriminalRecordSubmission.class);

    private final CriminalRecordRequests requests;
    private final CriminalRecordProperties properties;
    private final JmsTemplate jms;
    private final ObjectMapper json;
    private final Catalogues catalogues;
    private final Clock clock;

    CriminalRecordSubmission(CriminalRecordRequests requests, CriminalRecordProperties properties,
                             ConnectionFactory connectionFactory, ObjectMapper json, Catalogues catalogues,
                             Clock clock) {
        this.requests = requests;
        this.catalogues = catalogues;
        this.properties = properties;
        // the pooled connection factory; persistent delivery whatever spring.jms.template says
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setExplicitQosEnabled(true);
        this.jms.setDeliveryPersistent(true);
        this.json = json;
        this.clock = clock;
    }

    /** After the request's commit: queue it now. If this fails, the sweeper queues it later. */
    void enqueueAccepted(UUID id) {
        try {
            enqueue(id);
        } catch (RuntimeException e) {
            LOG.warn("criminal-record request not queued yet, the sweeper will queue it requestId={} cause={}",
                    id, e.getClass().getName());
        }
    }

    /** Queues requests committed but never queued (the hub stopped between commit and send). */
    int sweep() {
        List<UUID> unqueued = requests.unqueued();
        unqueued.forEach(this::enqueue);
        return unqueued.size();
    }

    /** A persistent message naming the request, grouped by it: one consumer at a time handles a request. */
    void enqueue(UUID id) {
        jms.convertAndSend(properties.queue(), "{\"requestId\":\"" + id + "\"}", message -> {
            message.setStringProperty(GROUP, id.toString());
            message.setStringProperty(REQUEST_ID, id.toString());
            return message;
        });
        requests.enqueued(id);
    }

    /** First step of a delivery: the upstream request, or a skip when there is nothing to submit. */
    void prepare(Exchange exchange) throws IOException {
        Optional<UUID> id = CriminalRecordValidation.requestId(exchange.getIn().getHeader(REQUEST_ID, String.class));
        if (id.isEmpty()) {
            LOG.warn("criminal-record submission without a valid {} ignored", REQUEST_ID);
            exchange.setProperty(SKIP, true);
            return;
        }
        exchange.setProperty(REQUEST_ID, id.get());
        exchange.setProperty(ATTEMPT, 1);
        Optional<CriminalRecordRequests.ToSubmit> toSubmit = requests.startSubmission(id.get());
        if (toSubmit.isEmpty()) {
            LOG.debug("criminal-record request already submitted or unknown requestId={}", id.get());
            exchange.setProperty(SKIP, true);
            return;
        }
        CriminalRecordRequests.ToSubmit s = toSubmit.get();
        if (properties.authKey().isBlank() || properties.provinceCode().isBlank()) {
            // retried, then dead-lettered: replayable once the deployment is configured
            throw new HubException(ErrorCode.INTERNAL_ERROR,
                    "hub.criminal-records.auth-key and province-code must be set to submit to the criminal-records service");
        }
        Map<String, Object> body = CriminalRecordEnvelope.submission(s.document(), s.dossierId(), s.createdAt(),
                s.deadlineAt(), properties, code -> catalogues.name("ethnicity", code));
        exchange.setProperty(DOSSIER, s.dossierId());
        // nothing of the queued message travels upstream but what is set here
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        exchange.getIn().setHeader(Exchange.HTTP_PATH, properties.submitPath());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        exchange.getIn().setHeader("Accept", "application/json");
        exchange.getIn().setHeader(CorrelationId.HEADER, s.correlationId());
        // lets a service that supports it recognise a submission sent again after a crash
        exchange.getIn().setHeader("Idempotency-Key", s.id().toString());
        exchange.getIn().setBody(json.writeValueAsBytes(body));
        exchange.setProperty(OUTGOING, new Outgoing(new HashMap<>(exchange.getIn().getHeaders()),
                exchange.getIn().getBody(byte[].class)));
    }

    /** Counts one more submission attempt (each redelivery), and puts the declaration back to be sent again. */
    void attempted(Exchange exchange) {
        Outgoing outgoing = exchange.getProperty(OUTGOING, Outgoing.class);
        if (outgoing != null) {
            // the answer's headers go; the error handler's own count of redeliveries stays
            exchange.getIn().removeHeaders("*", "CamelRedelivery*", Exchange.REDELIVERED);
            outgoing.headers().forEach(exchange.getIn()::setHeader);
            exchange.getIn().setBody(outgoing.body());
        }
        UUID id = exchange.getProperty(REQUEST_ID, UUID.class);
        exchange.setProperty(ATTEMPT, exchange.getProperty(ATTEMPT, 1, Integer.class) + 1);
        if (id != null) {
            requests.attempted(id);
        }
    }

    /**
     * The service answered the submission. The answer is read as text whatever its HTTP status, as the
     * one public client does, except a 5xx (the service or its gateway is down): the endpoint raises that,
     * and it is retried like an outage.
     * Its success text, or its "already received" text (this dossier was taken before: a resend after a
     * crash), submits the request, known to the service by its dossier (maHoSoMCDT); its error JSON
     * refuses it ({@link CriminalRecordRefusedException}: dead-lettered at once); anything else is retried.
     */
    void accepted(Exchange exchange) {
        UUID id = exchange.getProperty(REQUEST_ID, UUID.class);
        CriminalRecordAnswers.submitted(exchange.getMessage().getBody(byte[].class), json);
        requests.submitted(id, exchange.getProperty(DOSSIER, String.class));
        LOG.info("criminal-record request submitted requestId={} attempt={}", id, exchange.getProperty(ATTEMPT));
    }

    /**
     * The last attempt failed: the request is FAILED with the reason (its ledger row written) and
     * the message, with the dead-letter headers every dead-lettered message carries, goes to the
     * dead-letter queue.
     */
    void deadLettered(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(cause);
        UUID id = exchange.getProperty(REQUEST_ID, UUID.class);
        String requestId = id != null ? id.toString() : exchange.getIn().getHeader(REQUEST_ID, String.class);
        if (id != null) {
            // a refusal shows its client the service's words; logs and headers carry its code only
            requests.submissionFailed(id, cause instanceof CriminalRecordRefusedException refused
                    ? refused.forClient() : reason);
        }
        int attempts = exchange.getProperty(ATTEMPT, 1, Integer.class);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(REQUEST_ID, requestId);
        DeliveryFailures.stamp(exchange.getIn(), reason, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                attempts, properties.queue(), requestId);
        exchange.getIn().setBody("{\"requestId\":\"" + (id == null ? "" : id) + "\"}");
        LOG.warn("criminal-record request dead-lettered requestId={} attempts={} reason={}", id, attempts, reason);
    }

    @Override
    public String queue() {
        return properties.queue();
    }

    @Override
    public String deadLetterQueue() {
        return properties.deadLetterQueue();
    }

    /**
     * Nothing to do here: the consumer reopens the FAILED request (PENDING, a new deadline) when it
     * takes the replayed message. Reopening it now could race with that message failing again and
     * leave a PENDING request with no message anywhere.
     */
    @Override
    public void replayed(Map<String, Object> messageProperties) {
        // see above
    }

    /** A prepared call: its headers and body (the declaration, which holds personal data: never logged). */
    private record Outgoing(Map<String, Object> headers, byte[] body) {

        @Override
        public String toString() {
            return "Outgoing[***]";
        }
    }

    /** Why a call to the service failed, in words safe to show and log (no bodies, URIs or personal data). */
    static String reason(Throwable cause) {
        return DeliveryFailures.reason(cause, "The criminal-records service");
    }
}
