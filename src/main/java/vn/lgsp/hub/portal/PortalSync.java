package vn.lgsp.hub.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DeadLetterHeaders;
import vn.lgsp.hub.common.DeadLetterSource;
import vn.lgsp.hub.dossiers.DossierSnapshot;
import vn.lgsp.hub.dossiers.DossierVersionAccepted;
import vn.lgsp.hub.dossiers.Dossiers;
import vn.lgsp.hub.ledger.LedgerQueries;

/**
 * Moves dossier versions to the portal: queues each accepted version on Artemis (grouped by
 * dossier, so one consumer at a time delivers a dossier's versions in order), and on delivery
 * skips what the portal already has, builds the portal's document with the databases the ledger
 * saw consulted, and records the outcome. The portal never sees a dossier's version go backwards:
 * a version older than the one it has is skipped.
 */
@Component("portalSync")
public class PortalSync implements DeadLetterSource {

    public static final String DOSSIER_ID = "hubDossierId";
    public static final String VERSION = "hubVersion";
    static final String SKIP = "hubSkip";
    private static final Logger LOG = LoggerFactory.getLogger(PortalSync.class);

    private final JdbcTemplate jdbc;
    private final Dossiers dossiers;
    private final PortalProperties properties;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;
    private final LedgerQueries ledger;

    PortalSync(JdbcTemplate jdbc, Dossiers dossiers, PortalProperties properties, ProducerTemplate producer,
               ObjectMapper json, Clock clock, LedgerQueries ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.dossiers = dossiers;
        this.properties = properties;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    /** After a version's commit: queue it now. If this fails, the sweeper queues it later. */
    @EventListener
    public void onAccepted(DossierVersionAccepted accepted) {
        try {
            enqueue(accepted.dossierId(), accepted.version());
        } catch (RuntimeException e) {
            LOG.warn("dossier version not queued yet, the sweeper will retry: {}", e.getClass().getName());
        }
    }

    /** Queues versions committed but never queued (the hub stopped between commit and send). */
    public int sweep() {
        OffsetDateTime before = now().minusSeconds(5);
        List<Map<String, Object>> unqueued = jdbc.queryForList("SELECT dossier_id, version FROM dossier_sync "
                + "WHERE enqueued_at IS NULL AND created_at < ? ORDER BY created_at", before);
        unqueued.forEach(row -> enqueue((String) row.get("dossier_id"), ((Number) row.get("version")).intValue()));
        return unqueued.size();
    }

    void enqueue(String dossierId, int version) {
        producer.sendBodyAndHeaders("jms:queue:" + properties.queue() + "?deliveryPersistent=true",
                "{\"dossierId\":\"" + dossierId + "\",\"version\":" + version + "}",
                Map.of("JMSXGroupID", dossierId, DOSSIER_ID, dossierId, VERSION, version));
        jdbc.update("UPDATE dossier_sync SET enqueued_at = ? WHERE dossier_id = ? AND version = ? AND enqueued_at IS NULL",
                now(), dossierId, version);
    }

    /** The portal's endpoint, with its timeout and failures raised as exceptions (so they are retried). */
    public String endpointUri() {
        // each attempt is one POST (the HTTP client never retries a POST); the route's backoff retries
        return properties.baseUrl() + properties.path() + "?throwExceptionOnFailure=true"
                + "&connectTimeout=" + properties.timeoutMs() + "&responseTimeout=" + properties.timeoutMs();
    }

    /** First step of a delivery: the portal document of this version, or a skip if the portal has it or newer. */
    public void prepare(Exchange exchange) throws JsonProcessingException {
        String dossierId = exchange.getIn().getHeader(DOSSIER_ID, String.class);
        int version = exchange.getIn().getHeader(VERSION, Integer.class);
        exchange.setProperty(DOSSIER_ID, dossierId);
        exchange.setProperty(VERSION, version);
        Integer synced = jdbc.query("SELECT synced_version FROM dossier WHERE dossier_id = ?",
                (rs, n) -> rs.getInt(1), dossierId).stream().findFirst().orElse(null);
        Optional<DossierSnapshot> snapshot = synced == null ? Optional.empty() : dossiers.snapshot(dossierId, version);
        if (snapshot.isEmpty() || synced >= version) {
            exchange.setProperty(SKIP, true);
            jdbc.update("UPDATE dossier_sync SET state = 'SKIPPED' WHERE dossier_id = ? AND version = ? AND state = 'QUEUED'",
                    dossierId, version);
            return;
        }
        attempted(dossierId);
        List<String> consulted = ledger.sourcesAnswering(dossierId).stream()
                .map(s -> properties.databaseCodes().getOrDefault(s, s)).toList();
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setBody(json.writeValueAsBytes(PortalPayload.of(snapshot.get(), consulted)));
    }

    /** Counts one more delivery attempt (the first, and each redelivery). */
    public void attempted(String dossierId) {
        jdbc.update("UPDATE dossier SET sync_attempts = sync_attempts + 1 WHERE dossier_id = ?", dossierId);
    }

    /** The portal acknowledged the version. */
    public void delivered(Exchange exchange) {
        String dossierId = exchange.getProperty(DOSSIER_ID, String.class);
        int version = exchange.getProperty(VERSION, Integer.class);
        OffsetDateTime now = now();
        jdbc.update("UPDATE dossier SET synced_version = ?, "
                + "sync_state = CASE WHEN version = ? THEN 'SYNCED' ELSE 'PENDING' END, "
                + "last_synced_at = ?, last_sync_error = NULL WHERE dossier_id = ? AND synced_version < ?",
                version, version, now, dossierId, version);
        jdbc.update("UPDATE dossier_sync SET state = 'DELIVERED', delivered_at = ? WHERE dossier_id = ? AND version = ?",
                now, dossierId, version);
    }

    /** The last attempt failed: the dossier shows FAILED and why; the message goes to the dead-letter queue. */
    public void deadLettered(Exchange exchange) {
        String dossierId = exchange.getIn().getHeader(DOSSIER_ID, String.class);
        int version = exchange.getIn().getHeader(VERSION, Integer.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(cause);
        jdbc.update("UPDATE dossier SET sync_state = 'FAILED', last_sync_error = ? WHERE dossier_id = ?",
                reason, dossierId);
        jdbc.update("UPDATE dossier_sync SET state = 'DEAD' WHERE dossier_id = ? AND version = ?", dossierId, version);
        exchange.getIn().setHeader(DeadLetterHeaders.ID, UUID.randomUUID().toString());
        exchange.getIn().setHeader(DeadLetterHeaders.REASON, reason);
        exchange.getIn().setHeader(DeadLetterHeaders.FAILED_AT, now().toString());
        // the dead-letter channel is reached only once every attempt has failed
        exchange.getIn().setHeader(DeadLetterHeaders.ATTEMPTS, properties.maxAttempts());
        exchange.getIn().setHeader(DeadLetterHeaders.ORIGINAL_QUEUE, properties.queue());
        exchange.getIn().setHeader("JMSXGroupID", dossierId);
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
        jdbc.update("UPDATE dossier SET sync_state = 'PENDING' WHERE dossier_id = ? AND sync_state = 'FAILED'", dossierId);
        jdbc.update("UPDATE dossier_sync SET state = 'QUEUED' WHERE dossier_id = ? AND version = ?", dossierId,
                ((Number) version).intValue());
    }

    /** Why a delivery failed, in words safe to show and log (no bodies, no personal data). */
    static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return "The portal answered HTTP " + http.getStatusCode();
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "The portal did not answer in time";
            }
            if (t instanceof java.net.ConnectException) {
                return "The portal could not be reached";
            }
        }
        return cause == null ? "Unknown failure" : "Delivery failed: " + cause.getClass().getSimpleName();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
