package vn.lgsp.hub.criminalrecords;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.catalogues.Catalogues;
import vn.lgsp.hub.common.CorrelationId;
import vn.lgsp.hub.common.DeliveryFailures;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.delivery.DeliverySettings;
import vn.lgsp.hub.delivery.Destination;
import vn.lgsp.hub.delivery.Parcel;
import vn.lgsp.hub.delivery.Settlement;

/**
 * The criminal-records service as a destination of the outbound-delivery pipeline
 * ({@link CriminalRecordDelivery}): each message names an accepted request, grouped by it; its delivery
 * posts the request's declaration in the service's envelope ({@link CriminalRecordEnvelope}) under its
 * dossier id (maHoSoMCDT). A message for a request already submitted is skipped, and a declaration sent
 * again after a crash is answered "already received", which counts as submitted, so redeliveries are
 * harmless; a message for a request whose submission FAILED (a dead letter replayed) submits it again.
 */
@Component
class CriminalRecordSubmission implements Destination<CriminalRecordSubmission.Work> {

    /** JMS property naming the request a message is about. */
    static final String REQUEST_ID = "hubRequestId";
    private static final Logger LOG = LoggerFactory.getLogger(CriminalRecordSubmission.class);

    private final CriminalRecordRequests requests;
    private final CriminalRecordProperties properties;
    private final ObjectMapper json;
    private final Catalogues catalogues;
    private final ProducerTemplate producer;
    private final String endpoint;
    private final DeliverySettings settings;

    CriminalRecordSubmission(CriminalRecordRequests requests, CriminalRecordProperties properties, ObjectMapper json,
                             Catalogues catalogues, ProducerTemplate producer) {
        this.requests = requests;
        this.catalogues = catalogues;
        this.properties = properties;
        this.json = json;
        this.producer = producer;
        // a submission's answer is read whatever its status below 500 (see deliver)
        this.endpoint = properties.upstreamEndpoint() + "&okStatusCodeRange=100-499";
        this.settings = new DeliverySettings(properties.queue(), properties.deadLetterQueue(), 1,
                properties.concurrentConsumers() * 4, properties.concurrentConsumers(), properties.maxAttempts(),
                properties.initialBackoffMs(), properties.backoffMultiplier(), properties.maxBackoffMs(),
                properties.sweepIntervalMs());
    }

    /**
     * One submission: the request, and the call as prepared (its body, the declaration, holds personal data:
     * never logged), or the reason it cannot be sent (the deployment lacks its key: retried, then dead-lettered,
     * replayable once configured).
     */
    record Work(UUID id, String dossierId, String correlationId, byte[] body, String misconfigured) {

        @Override
        public String toString() {
            return "Work[" + id + "]";
        }
    }

    @Override
    public DeliverySettings settings() {
        return settings;
    }

    @Override
    public String system() {
        return "The criminal-records service";
    }

    /** The message of an accepted request. */
    static Parcel parcel(UUID id) {
        return new Parcel(id.toString(), Map.of(REQUEST_ID, id.toString()), null);
    }

    @Override
    public List<Parcel> unqueued(OffsetDateTime before, int limit) {
        return requests.unqueued(before, limit).stream().map(CriminalRecordSubmission::parcel).toList();
    }

    @Override
    public List<Parcel> claim(List<Parcel> parcels, OffsetDateTime at) {
        Map<UUID, Parcel> byId = new LinkedHashMap<>();
        for (Parcel parcel : parcels) {
            requestId(parcel).ifPresent(id -> byId.putIfAbsent(id, parcel));
        }
        return requests.claim(byId.keySet(), at).stream().map(byId::get).toList();
    }

    /**
     * Each request's declaration in the service's envelope, or null (skipped) for a request already submitted,
     * unknown, or a message naming none. Starting a submission counts its attempt and reopens a FAILED request.
     */
    @Override
    public List<Work> prepare(List<Parcel> parcels, Set<String> inFlight) {
        List<Work> works = new ArrayList<>(parcels.size());
        for (Parcel parcel : parcels) {
            Optional<UUID> id = requestId(parcel);
            if (id.isEmpty()) {
                LOG.warn("criminal-record submission without a valid {} ignored", REQUEST_ID);
                works.add(null);
                continue;
            }
            Optional<CriminalRecordRequests.ToSubmit> toSubmit = requests.startSubmission(id.get());
            if (toSubmit.isEmpty()) {
                LOG.debug("criminal-record request already submitted or unknown requestId={}", id.get());
                works.add(null);
                continue;
            }
            CriminalRecordRequests.ToSubmit s = toSubmit.get();
            if (properties.authKey().isBlank() || properties.provinceCode().isBlank()) {
                works.add(new Work(s.id(), s.dossierId(), s.correlationId(), null,
                        "hub.criminal-records.auth-key and province-code must be set to submit to the criminal-records service"));
                continue;
            }
            Map<String, Object> envelope = CriminalRecordEnvelope.submission(s.document(), s.dossierId(), s.createdAt(),
                    s.deadlineAt(), properties, code -> catalogues.name("ethnicity", code));
            try {
                works.add(new Work(s.id(), s.dossierId(), s.correlationId(), json.writeValueAsBytes(envelope), null));
            } catch (IOException e) {
                throw new IllegalStateException("A declaration always serialises", e);
            }
        }
        return works;
    }

    /**
     * One attempt. The answer is read as text whatever its HTTP status, as the one public client does, except
     * a 5xx (the service or its gateway is down): the endpoint raises that, and it is retried like an outage.
     * Its success text, or its "already received" text (this dossier was taken before: a resend after a
     * crash), submits the request; its error JSON refuses it ({@link CriminalRecordRefusedException}:
     * dead-lettered at once); anything else is retried.
     */
    @Override
    public void deliver(Work work) throws Exception {
        if (work.misconfigured() != null) {
            throw new HubException(ErrorCode.INTERNAL_ERROR, work.misconfigured());
        }
        Exchange sent = producer.send(endpoint, exchange -> {
            Message in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
            in.setHeader(Exchange.HTTP_PATH, properties.submitPath());
            in.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
            in.setHeader("Accept", "application/json");
            in.setHeader(CorrelationId.HEADER, work.correlationId());
            // lets a service that supports it recognise a submission sent again after a crash
            in.setHeader("Idempotency-Key", work.id().toString());
            in.setBody(work.body());
        });
        if (sent.getException() != null) {
            throw sent.getException();
        }
        CriminalRecordAnswers.submitted(sent.getMessage().getBody(byte[].class), json);
    }

    /** A retry; the first attempt was counted when the submission started. */
    @Override
    public void retrying(Work work) {
        requests.attempted(work.id());
    }

    /**
     * Submitted requests are polled from now on; a dead one is FAILED with the reason (its ledger row written),
     * a refusal showing its client the service's words (logs and dead-letter headers carry its code only).
     */
    @Override
    public void settle(Settlement<Work> settlement) {
        for (Settlement.Done<Work> done : settlement.delivered()) {
            requests.submitted(done.work().id(), done.work().dossierId());
            LOG.info("criminal-record request submitted requestId={} attempt={}", done.work().id(), done.attempts());
        }
        for (Settlement.Dead<Work> dead : settlement.dead()) {
            if (dead.work() != null) {
                requests.submissionFailed(dead.work().id(), dead.cause() instanceof CriminalRecordRefusedException refused
                        ? refused.forClient() : dead.reason());
                LOG.warn("criminal-record request dead-lettered requestId={} attempts={} reason={}", dead.work().id(),
                        dead.attempts(), dead.reason());
            }
        }
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

    private static Optional<UUID> requestId(Parcel parcel) {
        return CriminalRecordValidation.requestId(parcel.string(REQUEST_ID));
    }

    /** Why a call to the service failed, in words safe to show and log (no bodies, URIs or personal data). */
    static String reason(Throwable cause) {
        return DeliveryFailures.reason(cause, "The criminal-records service");
    }
}
