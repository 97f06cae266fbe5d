package vn.lgsp.hub.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DeadLetterSource;
import vn.lgsp.hub.common.DeliveryFailures;
import vn.lgsp.hub.dossiers.DossierOutbox;
import vn.lgsp.hub.dossiers.DossierSnapshot;
import vn.lgsp.hub.dossiers.DossierVersionAccepted;
import vn.lgsp.hub.dossiers.Dossiers;
import vn.lgsp.hub.ledger.LedgerQueries;

/**
 * Moves dossier versions to the portal: queues each accepted version on Artemis (grouped by
 * dossier, so one consumer at a time delivers a dossier's versions in order), and on delivery
 * skips what the portal already has, builds the portal's dossier with the databases the ledger
 * saw consulted, sends it in the portal's envelope with the hub's session (docs/national-systems.md §5),
 * reads the portal's answer, and records the outcome. The portal never sees a dossier's version go backwards:
 * a version older than the one it has is skipped.
 */
@Component("portalSync")
public class PortalSync implements DeadLetterSource {

    public static final String DOSSIER_ID = "hubDossierId";
    public static final String VERSION = "hubVersion";
    /** The HTTP header naming the version a call carries (the hub's tracing; the portal ignores it). */
    static final String VERSION_HEADER = "X-Hub-Dossier-Version";
    static final String SKIP = "hubSkip";
    /** Exchange properties of a delivery: the portal's dossier, whether it goes as an update, the attempts. */
    static final String DOCUMENT = "hubPortalDossier";
    static final String UPDATING = "hubPortalUpdating";
    static final String PROGRESS = "hubPortalProgress";
    private static final String ATTEMPT = "hubPortalAttempt";
    private static final Logger LOG = LoggerFactory.getLogger(PortalSync.class);

    private final DossierOutbox outbox;
    private final PortalQueue queue;
    private final Dossiers dossiers;
    private final PortalProperties properties;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;
    private final LedgerQueries ledger;
    private final PortalSession portalSession;
    private final String endpoint;

    PortalSync(DossierOutbox outbox, PortalQueue queue, Dossiers dossiers, PortalProperties properties, ProducerTemplate producer,
               ObjectMapper json, Clock clock, LedgerQueries ledger, PortalSession portalSession) {
        this.outbox = outbox;
        this.queue = queue;
        this.portalSession = portalSession;
        // each attempt is one POST (the HTTP client never retries a POST); the route's backoff retries
        this.endpoint = properties.baseUrl() + properties.path() + "?throwExceptionOnFailure=true"
                + "&connectTimeout=" + properties.timeoutMs() + "&responseTimeout=" + properties.timeoutMs();
        this.ledger = ledger;
        this.dossiers = dossiers;
        this.properties = properties;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    /** After a version's commit: queued with the next batch ({@link PortalQueue}); the sweep queues what is not. */
    @EventListener
    public void onAccepted(DossierVersionAccepted accepted) {
        queue.accepted(new DossierOutbox.Version(accepted.dossierId(), accepted.version()));
    }

    /** Queues versions committed but never queued (the hub stopped between commit and send), in batches. */
    public int sweep() {
        OffsetDateTime before = now().minusSeconds(5);
        List<DossierOutbox.Version> unqueued = outbox.unqueued(before);
        for (int from = 0; from < unqueued.size(); from += PortalQueue.MAX_BATCH) {
            queue.send(unqueued.subList(from, Math.min(unqueued.size(), from + PortalQueue.MAX_BATCH)));
        }
        return unqueued.size();
    }

    /**
     * First step of a delivery: the portal's dossier of this version, or a skip if the portal has it or
     * newer. A dossier the portal has no version of yet is sent as a create, any later version as an update.
     */
    public void prepare(Exchange exchange) {
        String dossierId = exchange.getIn().getHeader(DOSSIER_ID, String.class);
        int version = exchange.getIn().getHeader(VERSION, Integer.class);
        exchange.setProperty(DOSSIER_ID, dossierId);
        exchange.setProperty(VERSION, version);
        Integer synced = outbox.syncedVersion(dossierId).orElse(null);
        Optional<DossierSnapshot> snapshot = synced == null ? Optional.empty() : dossiers.snapshot(dossierId, version);
        if (snapshot.isEmpty() || synced >= version) {
            exchange.setProperty(SKIP, true);
            outbox.skipped(new DossierOutbox.Version(dossierId, version));
            return;
        }
        attempted(exchange);
        List<String> consulted = ledger.sourcesAnswering(dossierId).stream()
                .map(s -> properties.databaseCodes().getOrDefault(s, s)).toList();
        DossierSnapshot at = snapshot.get();
        exchange.setProperty(DOCUMENT, PortalPayload.dossier(at, properties.statusCode(at.status()), consulted));
        exchange.setProperty(UPDATING, synced > 0);
        if (at.handling() != null) {
            exchange.setProperty(PROGRESS, PortalPayload.progress(at, properties.statusCode(at.status())));
        }
    }

    /**
     * One attempt: the dossier in the {@code DongBoHoSoMC} envelope, and for a version a status event made,
     * its progress in {@code CapNhatTienDoHoSoMC}. "Already exists" to a create sends the update; a refusal is
     * raised as {@link PortalRefusedException} (dead-lettered at once); anything else that is not success as
     * a failure, retried by the route with backoff from the start of this step.
     */
    public void deliver(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> dossier = exchange.getProperty(DOCUMENT, Map.class);
        int version = exchange.getProperty(VERSION, Integer.class);
        boolean updating = exchange.getProperty(UPDATING, false, Boolean.class);
        PortalAnswer answer = send(version, session -> PortalPayload.envelope(session, properties.unitCode(), updating, dossier));
        if (answer.kind() == PortalAnswer.Kind.EXISTS && !updating) {
            exchange.setProperty(UPDATING, true);
            answer = send(version, session -> PortalPayload.envelope(session, properties.unitCode(), true, dossier));
        }
        requireSuccess(answer, false);
        @SuppressWarnings("unchecked")
        Map<String, Object> progress = exchange.getProperty(PROGRESS, Map.class);
        if (progress != null) {
            requireSuccess(send(version, session -> PortalPayload.progressEnvelope(session, properties.unitCode(), progress)),
                    true);
        }
    }

    /**
     * POSTs one envelope with the current session; an answer that the session has expired renews it and
     * sends once more. Returns the portal's answer, never an expired session.
     */
    private PortalAnswer send(int version, Function<String, Map<String, Object>> envelope) throws Exception {
        String session = portalSession.current();
        PortalAnswer answer = post(version, envelope.apply(session));
        if (answer.kind() != PortalAnswer.Kind.SESSION_EXPIRED) {
            return answer;
        }
        portalSession.expired(session);
        answer = post(version, envelope.apply(portalSession.current()));
        if (answer.kind() == PortalAnswer.Kind.SESSION_EXPIRED) {
            throw new PortalFailureException("The portal refused a new session (error_code " + answer.code() + ")");
        }
        return answer;
    }

    private PortalAnswer post(int version, Map<String, Object> envelope) throws Exception {
        Exchange sent = producer.send(endpoint, call(json.writeValueAsBytes(envelope), version));
        if (sent.getException() != null) {
            throw sent.getException();
        }
        return PortalAnswer.read(readJson(sent.getMessage().getBody(byte[].class)), properties.sessionExpiredCodes());
    }

    /**
     * Success, or what else the answer means: a refusal (and "already exists" to an update) is final; an
     * answer without {@code error_code} is retried. Progress the portal already has is success.
     */
    private static void requireSuccess(PortalAnswer answer, boolean progress) {
        switch (answer.kind()) {
            case SUCCESS -> {
                // delivered
            }
            case EXISTS -> {
                if (!progress) {
                    throw new PortalRefusedException(answer.code(), answer.message());
                }
            }
            case REFUSED -> throw new PortalRefusedException(answer.code(), answer.message());
            case UNREADABLE -> throw new PortalFailureException("The portal's answer had no error_code");
            case SESSION_EXPIRED -> throw new PortalFailureException("The portal refused a new session (error_code "
                    + answer.code() + ")");
        }
    }

    /** One POST of an envelope: the headers the public integrations send, and the version for the hub's tracing. */
    private Processor call(byte[] envelope, int version) {
        return out -> {
            Message message = out.getIn();
            message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
            message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
            message.setHeader("Accept", "application/json");
            if (!properties.dstcode().isBlank()) {
                message.setHeader("dstcode", properties.dstcode());
            }
            // the portal's dossier has no version field: the header says which one a call carries
            message.setHeader(VERSION_HEADER, version);
            message.setBody(envelope);
        };
    }

    private JsonNode readJson(byte[] body) {
        try {
            return body == null ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Counts one more delivery attempt (the first, and each redelivery). */
    public void attempted(Exchange exchange) {
        exchange.setProperty(ATTEMPT, exchange.getProperty(ATTEMPT, 0, Integer.class) + 1);
        outbox.attempted(exchange.getProperty(DOSSIER_ID, String.class));
    }

    /** The portal acknowledged the version. */
    public void delivered(Exchange exchange) {
        String dossierId = exchange.getProperty(DOSSIER_ID, String.class);
        int version = exchange.getProperty(VERSION, Integer.class);
        outbox.delivered(new DossierOutbox.Version(dossierId, version), now());
    }

    /** The last attempt failed: the dossier shows FAILED and why; the message goes to the dead-letter queue. */
    public void deadLettered(Exchange exchange) {
        String dossierId = exchange.getIn().getHeader(DOSSIER_ID, String.class);
        int version = exchange.getIn().getHeader(VERSION, Integer.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(cause);
        // the dossier's client sees the portal's own words of a refusal; logs and headers only the code
        String shown = cause instanceof PortalRefusedException refused ? refused.forClient() : reason;
        outbox.dead(new DossierOutbox.Version(dossierId, version), shown);
        DeliveryFailures.stamp(exchange.getIn(), reason, now(), exchange.getProperty(ATTEMPT, 1, Integer.class),
                properties.queue(), dossierId);
        LOG.warn("portal sync dead-lettered version={} reason={}", version, reason);
    }

    @Override
    public String queue() {
        return properties.queue();
    }

    @Override
    public String deadLetterQueue() {
        return properties.deadLetterQueue();
    }

    /** A replayed version is queued again: the dossier shows PENDING until it is delivered. */
    @Override
    public void replayed(Map<String, Object> messageProperties) {
        Object dossierId = messageProperties.get(DOSSIER_ID);
        Object version = messageProperties.get(VERSION);
        if (dossierId == null || version == null) {
            return;
        }
        outbox.replayed(new DossierOutbox.Version(dossierId.toString(), ((Number) version).intValue()));
    }

    /** Why a delivery failed, in words safe to show and log (no bodies, no personal data). */
    static String reason(Throwable cause) {
        return DeliveryFailures.reason(cause, "The portal");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
