package vn.lgsp.hub.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.delivery.DeliverySettings;
import vn.lgsp.hub.delivery.Destination;
import vn.lgsp.hub.delivery.Parcel;
import vn.lgsp.hub.delivery.Settlement;
import vn.lgsp.hub.dossiers.DossierOutbox;
import vn.lgsp.hub.dossiers.DossierSnapshot;
import vn.lgsp.hub.common.TraceContext;
import vn.lgsp.hub.dossiers.DossierVersionAccepted;
import vn.lgsp.hub.dossiers.Dossiers;
import vn.lgsp.hub.ledger.LedgerQueries;

/**
 * The portal as a destination of the outbound-delivery pipeline ({@link PortalDelivery}): each message is a
 * dossier version, grouped by dossier, carrying the version's sealed snapshot. A batch is prepared in one
 * read of what the portal has of its dossiers and of the databases the ledger saw consulted; each version
 * is sent in the portal's envelope with the hub's session (docs/national-systems.md §5) and its answer
 * read; the batch's outcomes are recorded in one transaction. The portal never sees a dossier's version
 * go backwards: a version older than the one it has is skipped.
 */
@Component("portalSync")
public class PortalSync implements Destination<PortalSync.Work> {

    public static final String DOSSIER_ID = "hubDossierId";
    public static final String VERSION = "hubVersion";
    /** Set on a message whose body is the version's sealed snapshot (a swept or older message has none). */
    static final String SEALED = "hubSealed";
    /** The key version a message's sealed snapshot is under; a message queued before key versions has none: 1. */
    static final String KEY_VERSION = "hubKeyVersion";
    /** The W3C trace context of the request that made the version (a hub property of the message, read back on delivery). */
    static final String TRACEPARENT = "hubTraceparent";
    /** The HTTP header naming the version a call carries (the hub's tracing; the portal ignores it). */
    static final String VERSION_HEADER = "X-Hub-Dossier-Version";

    private final DossierOutbox outbox;
    private final TraceContext traces;
    private final Dossiers dossiers;
    private final PortalProperties properties;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;
    private final LedgerQueries ledger;
    private final PortalSession portalSession;
    private final String endpoint;
    private final DeliverySettings settings;

    PortalSync(DossierOutbox outbox, Dossiers dossiers, PortalProperties properties, ProducerTemplate producer,
               ObjectMapper json, Clock clock, LedgerQueries ledger, PortalSession portalSession, TraceContext traces) {
        this.traces = traces;
        this.outbox = outbox;
        this.portalSession = portalSession;
        // each attempt is one POST (the HTTP client never retries a POST); the pipeline's backoff retries
        this.endpoint = properties.baseUrl() + properties.path() + "?throwExceptionOnFailure=true"
                + "&connectTimeout=" + properties.timeoutMs() + "&responseTimeout=" + properties.timeoutMs()
                // one connection for each dossier delivered at once
                + "&connectionsPerRoute=" + properties.concurrentConsumers()
                + "&maxTotalConnections=" + properties.concurrentConsumers();
        this.ledger = ledger;
        this.dossiers = dossiers;
        this.properties = properties;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
        this.settings = new DeliverySettings(properties.queue(), properties.deadLetterQueue(), properties.consumers(),
                properties.batchSize(), properties.concurrentConsumers(), properties.maxAttempts(),
                properties.initialBackoffMs(), properties.backoffMultiplier(), properties.maxBackoffMs(),
                properties.sweepIntervalMs());
    }

    /**
     * One delivery: a dossier version as the portal takes it.
     *
     * @param updating whether it goes as an update (the portal has a version of the dossier); a create the portal
     *                 answers "already exists" turns it into one
     * @param progress the version's progress ({@code CapNhatTienDoHoSoMC}) when a status event made it, else null
     */
    public static final class Work {
        private final DossierOutbox.Version version;
        private final Map<String, Object> dossier;
        private final Map<String, Object> progress;
        private final String traceparent;
        private volatile boolean updating;

        Work(DossierOutbox.Version version, Map<String, Object> dossier, Map<String, Object> progress, boolean updating,
             String traceparent) {
            this.version = version;
            this.dossier = dossier;
            this.progress = progress;
            this.updating = updating;
            this.traceparent = traceparent;
        }

        DossierOutbox.Version version() {
            return version;
        }

        @Override
        public String toString() {
            return "Work[" + version.dossierId() + " v" + version.version() + "]";
        }
    }

    @Override
    public DeliverySettings settings() {
        return settings;
    }

    @Override
    public String system() {
        return "The portal";
    }

    /** The message of an accepted version: its dossier as the group, and its sealed snapshot. */
    static Parcel parcel(DossierVersionAccepted accepted) {
        Map<String, Object> properties = new HashMap<>(Map.of(DOSSIER_ID, accepted.dossierId(),
                VERSION, accepted.version(), SEALED, true, KEY_VERSION, accepted.sealedSnapshot().keyVersion()));
        if (accepted.traceparent() != null) {
            // the trace of the request that made the version: the portal's call goes on in it
            properties.put(TRACEPARENT, accepted.traceparent());
        }
        return new Parcel(accepted.dossierId(), properties, accepted.sealedSnapshot().ciphertext());
    }

    @Override
    public List<Parcel> unqueued(OffsetDateTime before, int limit) {
        return outbox.unqueued(before, limit).stream()
                .map(v -> new Parcel(v.dossierId(), Map.of(DOSSIER_ID, v.dossierId(), VERSION, v.version()), null))
                .toList();
    }

    @Override
    public List<Parcel> claim(List<Parcel> parcels, OffsetDateTime at) {
        Map<DossierOutbox.Version, Parcel> byVersion = new LinkedHashMap<>();
        for (Parcel parcel : parcels) {
            DossierOutbox.Version version = version(parcel);
            if (version != null) {
                byVersion.putIfAbsent(version, parcel);
            }
        }
        return outbox.claim(byVersion.keySet(), at).stream().map(byVersion::get).toList();
    }

    /**
     * The portal's dossier of each version, or null (skipped) for a version the portal has, or a newer one, or
     * that the hub does not have. A dossier the portal has no version of yet is sent as a create, any later
     * version as an update — as is a version of a dossier whose earlier version is still being delivered
     * here. Three reads for the whole batch: the versions the portal has, the snapshots no message carried,
     * the databases consulted.
     */
    @Override
    public List<Work> prepare(List<Parcel> parcels, Set<String> inFlight) {
        List<DossierOutbox.Version> versions = parcels.stream().map(PortalSync::version).toList();
        Set<String> ids = new LinkedHashSet<>();
        List<DossierOutbox.Version> unsealed = new ArrayList<>();
        for (int i = 0; i < parcels.size(); i++) {
            DossierOutbox.Version v = versions.get(i);
            if (v != null) {
                ids.add(v.dossierId());
                if (!carriesSnapshot(parcels.get(i))) {
                    unsealed.add(v);
                }
            }
        }
        Map<String, Integer> synced = outbox.syncedVersions(ids);
        Map<DossierOutbox.Version, DossierSnapshot> read = dossiers.snapshots(unsealed);
        Map<String, List<String>> consulted = ledger.sourcesAnswering(synced.keySet());
        // the newest version of each dossier the portal will have had when a version of this batch is sent
        Map<String, Integer> ahead = new HashMap<>(synced);
        List<Work> works = new ArrayList<>(parcels.size());
        for (int i = 0; i < parcels.size(); i++) {
            DossierOutbox.Version v = versions.get(i);
            Integer has = v == null ? null : ahead.get(v.dossierId());
            DossierSnapshot at = has == null || has >= v.version() ? null : snapshot(parcels.get(i), v, read);
            if (at == null) {
                works.add(null);
                continue;
            }
            ahead.put(v.dossierId(), v.version());
            String status = properties.statusCode(at.status());
            List<String> databases = consulted.getOrDefault(v.dossierId(), List.of()).stream()
                    .map(s -> properties.databaseCodes().getOrDefault(s, s)).toList();
            works.add(new Work(v, PortalPayload.dossier(at, status, databases),
                    at.handling() == null ? null : PortalPayload.progress(at, status),
                    has > 0 || inFlight.contains(v.dossierId()),
                    TraceContext.validTraceparent(parcels.get(i).string(TRACEPARENT))));
        }
        return works;
    }

    private DossierSnapshot snapshot(Parcel parcel, DossierOutbox.Version v, Map<DossierOutbox.Version, DossierSnapshot> read) {
        if (carriesSnapshot(parcel)) {
            return dossiers.open(v.dossierId(), v.version(), new DataProtection.Sealed(parcel.body(), keyVersion(parcel)));
        }
        return read.get(v);
    }

    /**
     * Whether the message carries its version's snapshot, sealed under a key this hub still has: otherwise the
     * snapshot is read from the outbox (a swept message, or one queued before its key was retired).
     */
    private boolean carriesSnapshot(Parcel parcel) {
        return parcel.body() != null && Boolean.TRUE.equals(parcel.properties().get(SEALED))
                && dossiers.opens(keyVersion(parcel));
    }

    private static int keyVersion(Parcel parcel) {
        Integer keyVersion = parcel.integer(KEY_VERSION);
        return keyVersion == null ? 1 : keyVersion;
    }

    /** The portal has a dossier's version once sent: an older or the same one is not sent after it. */
    @Override
    public boolean supersedes(Work delivered, Work work) {
        return delivered.version.dossierId().equals(work.version.dossierId())
                && delivered.version.version() >= work.version.version();
    }

    /**
     * One attempt: the dossier in the {@code DongBoHoSoMC} envelope, and for a version a status event made,
     * its progress in {@code CapNhatTienDoHoSoMC}. "Already exists" to a create sends the update; a refusal is
     * raised as {@link PortalRefusedException} (dead-lettered at once); anything else that is not success as
     * a failure, retried with backoff from the start of this attempt.
     */
    @Override
    public void deliver(Work work) throws Exception {
        boolean updating = work.updating;
        PortalAnswer answer = send(work, session -> PortalPayload.envelope(session, properties.unitCode(), updating,
                work.dossier));
        if (answer.kind() == PortalAnswer.Kind.EXISTS && !updating) {
            work.updating = true;
            answer = send(work, session -> PortalPayload.envelope(session, properties.unitCode(), true, work.dossier));
        }
        requireSuccess(answer, false);
        if (work.progress != null) {
            requireSuccess(send(work, session -> PortalPayload.progressEnvelope(session, properties.unitCode(),
                    work.progress)), true);
        }
    }

    /**
     * POSTs one envelope with the current session; an answer that the session has expired renews it and
     * sends once more. Returns the portal's answer, never an expired session.
     */
    private PortalAnswer send(Work work, Function<String, Map<String, Object>> envelope) throws Exception {
        String session = portalSession.current();
        PortalAnswer answer = post(work, envelope.apply(session));
        if (answer.kind() != PortalAnswer.Kind.SESSION_EXPIRED) {
            return answer;
        }
        portalSession.expired(session);
        answer = post(work, envelope.apply(portalSession.current()));
        if (answer.kind() == PortalAnswer.Kind.SESSION_EXPIRED) {
            throw new PortalFailureException("The portal refused a new session (error_code " + answer.code() + ")");
        }
        return answer;
    }

    private PortalAnswer post(Work work, Map<String, Object> envelope) throws Exception {
        Exchange sent = producer.send(endpoint, call(json.writeValueAsBytes(envelope), work));
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

    /**
     * One POST of an envelope: the headers the public integrations send, the version for the hub's tracing, and
     * the W3C trace context of the request that made the version (a span of the hub's, its child).
     */
    private Processor call(byte[] envelope, Work work) {
        int version = work.version.version();
        return out -> {
            Message message = out.getIn();
            traces.startCall(out, "portal sync", name -> "traceparent".equals(name) ? work.traceparent : null,
                    message::setHeader);
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

    /**
     * The batch's outcomes, in one transaction of the outbox: a dead version's dossier shows FAILED with the
     * portal's own words of a refusal, or the reason of the last failure (logs and headers carry the code only).
     */
    @Override
    public void settle(Settlement<Work> settlement) {
        Map<String, Integer> attempts = new HashMap<>();
        List<DossierOutbox.Version> delivered = new ArrayList<>();
        for (Settlement.Done<Work> done : settlement.delivered()) {
            delivered.add(done.work().version);
            // the attempt that succeeded; the retried ones were counted as they failed
            attempts.merge(done.work().version.dossierId(), 1, Integer::sum);
        }
        Map<DossierOutbox.Version, String> dead = new HashMap<>();
        for (Settlement.Dead<Work> d : settlement.dead()) {
            DossierOutbox.Version v = version(d.parcel());
            if (v == null) {
                continue;
            }
            dead.put(v, d.cause() instanceof PortalRefusedException refused ? refused.forClient() : d.reason());
            if (d.work() != null) {
                // the last attempt; the retried ones were counted as they failed
                attempts.merge(v.dossierId(), 1, Integer::sum);
            }
        }
        List<DossierOutbox.Version> skipped = settlement.skipped().stream().map(PortalSync::version)
                .filter(v -> v != null).toList();
        outbox.settle(new DossierOutbox.Outcomes(delivered, skipped, dead, attempts), now());
    }

    @Override
    public void retrying(Work work) {
        outbox.attempted(work.version.dossierId());
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

    /** The dossier version a message names; null when it names none (such a message is skipped). */
    private static DossierOutbox.Version version(Parcel parcel) {
        String dossierId = parcel.string(DOSSIER_ID);
        Integer version = parcel.integer(VERSION);
        return dossierId == null || version == null ? null : new DossierOutbox.Version(dossierId, version);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
