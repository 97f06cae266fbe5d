package vn.lgsp.hub.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.ledger.LedgerEntry;
import vn.lgsp.hub.ledger.LedgerWriter;
import vn.lgsp.hub.reuse.ReuseCopy;
import vn.lgsp.hub.reuse.ReuseStore;
import vn.lgsp.hub.security.FieldFilter;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.sources.RouteFiles;
import vn.lgsp.hub.sources.SourceProperties;
import vn.lgsp.hub.sources.SourceProperties.ReuseMode;
import vn.lgsp.hub.sources.SourceRoutes;
import vn.lgsp.hub.sources.Sources;
import vn.lgsp.hub.sources.Subject;
import vn.lgsp.hub.sources.Subjects;

/**
 * The steps of a data lookup around the source route: accept (context, grant, subject) before
 * anything leaves the hub; answer from the reuse store when the source prefers copies; answer
 * with the canonical JSON; or, when the source failed, from a valid copy or with the problem.
 * Whatever the outcome, the lookup's ledger row is committed before the answer is sent.
 */
@Component("lookupGateway")
class LookupGateway {

    static final String SERVED_FROM_HEADER = "X-Hub-Served-From";
    static final String SERVED_FROM = "hubServedFrom";
    private static final String SOURCE_ANSWER = "source";
    private static final String REUSE_STORE = "reuse-store";
    private static final String STARTED = "hubLookupStarted";
    private static final String STARTED_NANOS = "hubLookupStartedNanos";
    private static final String SUBJECT_HASH = "hubSubjectHash";
    /** The subject segment of {@code GET /api/v1/lookups/{source}/{subject}}; absent on a source's own path. */
    static final String SUBJECT_SEGMENT = "hubSubjectSegment";
    /** The Sunset header of a copy-only lookup's answer (a citizen lookup of the migration period). */
    private static final String SUNSET = "hubSunset";
    private static final Logger LOG = LoggerFactory.getLogger(LookupGateway.class);

    private final Subjects subjects;
    private final Sources sources;
    private final ReuseStore reuse;
    private final LedgerWriter ledger;
    private final DataProtection protection;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    /** {@code hub.lookups} by source, outcome and served-from: registered once, not looked up per lookup. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Responses responses;
    private final RouteFiles routeFiles;

    LookupGateway(Subjects subjects, Sources sources, ReuseStore reuse, LedgerWriter ledger,
                  DataProtection protection, ObjectMapper json, MeterRegistry meters, Clock clock,
                  Responses responses, RouteFiles routeFiles) {
        this.responses = responses;
        this.routeFiles = routeFiles;
        this.subjects = subjects;
        this.sources = sources;
        this.reuse = reuse;
        this.ledger = ledger;
        this.protection = protection;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Validates the request; on success the subject is in {@code ${exchangeProperty.hubSubject}}. The
     * order of checks is the same on every lookup path (docs/api.md): the query string, the context
     * headers, the source (404 {@code client.not_found} for a name the hub does not know: nothing is
     * called, and nothing recorded), the client's grant, then the subject. A refusal of a known
     * source's lookup is a ledger row.
     */
    public void accept(Exchange exchange) {
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        boolean known = sources.exists(source);
        String segment = exchange.getProperty(SUBJECT_SEGMENT, String.class);
        if (known) {
            exchange.setProperty(STARTED, clock.instant());
            exchange.setProperty(STARTED_NANOS, System.nanoTime());
            // the hash stands for the subject in the ledger, valid or not
            exchange.setProperty(SUBJECT_HASH, protection.subjectHash(source, subjects.raw(source, exchange.getIn(), segment)));
        } else {
            exchange.removeProperty(SourceRoutes.SOURCE);
        }
        boolean malformedQuery = exchange.getIn() instanceof HttpMessage http
                && RestServlet.malformedQuery(http.getRequest());
        GatewayRequest request;
        try {
            // read first, so that the ledger row holds whatever context was valid
            request = GatewayRequest.lookup(exchange);
        } catch (HubException invalidContext) {
            throw malformedQuery ? malformedQuery() : invalidContext;
        }
        if (malformedQuery) {
            throw malformedQuery();
        }
        if (!known) {
            throw new HubException(ErrorCode.NOT_FOUND, "No source with this name");
        }
        exchange.setProperty(SourceRoutes.CORRELATION_ID, request.correlationId());
        HubClient client = request.client();
        if (client == null || !client.may(source)) {
            throw new HubException(ErrorCode.FORBIDDEN, "This client may not query the " + source + " database");
        }
        Subject subject = subjects.parse(source, exchange.getIn(), segment);
        exchange.setProperty(SourceRoutes.SUBJECT, subject);
        exchange.setProperty(SUBJECT_HASH, protection.subjectHash(source, subject.key()));
    }

    private static HubException malformedQuery() {
        return new HubException(ErrorCode.INVALID_REQUEST, RestServlet.MALFORMED_QUERY_DETAIL);
    }

    /**
     * With {@code prefer-copy}, a copy within its TTL that the subject matches answers without calling
     * the source. A lookup only a copy may answer (the migration period of citizen lookups) is answered
     * from one whatever the mode but {@code off}, or refused as lacking what the source needs.
     */
    public void preferCopy(Exchange exchange) {
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        Subject subject = exchange.getProperty(SourceRoutes.SUBJECT, Subject.class);
        if (subject.copyOnly()) {
            Optional<byte[]> copy = sources.settings(source).reuseMode() == ReuseMode.OFF ? Optional.empty()
                    : reuse.validCopy(source, exchange.getProperty(SUBJECT_HASH, String.class));
            exchange.getMessage().setBody(copy.orElseThrow(subject::withoutCopy));
            exchange.setProperty(SERVED_FROM, REUSE_STORE);
            exchange.setProperty(SUNSET, subject.sunset());
            return;
        }
        if (sources.settings(source).reuseMode() == ReuseMode.PREFER_COPY) {
            matchingCopy(exchange, source, subject).ifPresent(copy -> {
                exchange.getMessage().setBody(copy);
                exchange.setProperty(SERVED_FROM, REUSE_STORE);
            });
        }
    }

    /** A valid copy of the subject that the lookup matches (a citizen's name and birth date). */
    private Optional<byte[]> matchingCopy(Exchange exchange, String source, Subject subject) {
        return reuse.validCopy(source, exchange.getProperty(SUBJECT_HASH, String.class))
                .filter(copy -> matches(subject, copy));
    }

    private boolean matches(Subject subject, byte[] copy) {
        if (!subject.restrictsCopies()) {
            return true;
        }
        try {
            return subject.matches(json.readTree(copy));
        } catch (IOException e) {
            return false;
        }
    }

    /** A source whose route is stopped or failed to load is unavailable (a valid copy may still answer). */
    public void requireSourceRoute(Exchange exchange) {
        routeFiles.requireAvailable(exchange.getProperty(SourceRoutes.SOURCE, String.class));
    }

    /** Answers 200 with the canonical model the source route left in the body, or the copy found. */
    public void respond(Exchange exchange) throws JsonProcessingException {
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        String servedFrom = exchange.getProperty(SERVED_FROM, SOURCE_ANSWER, String.class);
        byte[] body;
        ReuseCopy copy = null;
        if (REUSE_STORE.equals(servedFrom)) {
            body = exchange.getMessage().getBody(byte[].class);
        } else {
            body = json.writeValueAsBytes(exchange.getMessage().getBody());
            copy = reuse.copyOf(source, sources.settings(source), exchange.getProperty(SUBJECT_HASH, String.class), body);
        }
        record(exchange, LookupOutcome.FOUND, servedFrom, copy);
        answer(exchange, body, servedFrom);
    }

    /**
     * Accounts for a failed lookup. A failure of the source itself is answered from a valid copy
     * when the source keeps copies; true when it was, and the exchange then holds the 200 answer.
     */
    boolean failed(Exchange exchange, HubException failure) {
        if (exchange.getProperty(SourceRoutes.SOURCE) == null || exchange.getProperty(STARTED) == null) {
            return false;
        }
        LookupOutcome outcome = LookupOutcome.of(failure.code());
        if (outcome == LookupOutcome.FAILED || outcome == LookupOutcome.TIMEOUT || outcome == LookupOutcome.UNAVAILABLE) {
            Optional<byte[]> copy = fallbackCopy(exchange);
            if (copy.isPresent()) {
                record(exchange, LookupOutcome.FOUND, REUSE_STORE, null);
                answer(exchange, copy.get(), REUSE_STORE);
                return true;
            }
        }
        record(exchange, outcome, null, null);
        return false;
    }

    private Optional<byte[]> fallbackCopy(Exchange exchange) {
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        Subject subject = exchange.getProperty(SourceRoutes.SUBJECT, Subject.class);
        if (subject == null || sources.settings(source).reuseMode() == ReuseMode.OFF) {
            return Optional.empty();
        }
        return matchingCopy(exchange, source, subject);
    }

    /** The 200 answer, with only the fields the client may receive from this source. */
    private void answer(Exchange exchange, byte[] body, String servedFrom) {
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        HubClient client = GatewayRequest.of(exchange).client();
        Optional<Set<String>> allowed = client == null ? Optional.empty() : client.fieldsOf(source);
        if (allowed.isPresent()) {
            body = minimised(body, allowed.get());
        }
        responses.bytes(exchange, 200, "application/json", body);
        exchange.getMessage().setHeader(SERVED_FROM_HEADER, servedFrom);
        if (exchange.getProperty(SUNSET) != null) {
            exchange.getMessage().setHeader("Sunset", exchange.getProperty(SUNSET));
        }
    }

    private byte[] minimised(byte[] body, Set<String> allowed) {
        try {
            return json.writeValueAsBytes(FieldFilter.keep(json.readTree(body), allowed));
        } catch (IOException e) {
            throw new HubException(ErrorCode.INTERNAL_ERROR, "The canonical answer could not be minimised", e);
        }
    }

    /** Commits the lookup's ledger row (and copy), then counts it. Throws if the ledger cannot record it. */
    private void record(Exchange exchange, LookupOutcome outcome, String servedFrom, ReuseCopy copy) {
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        long nanos = System.nanoTime() - exchange.getProperty(STARTED_NANOS, Long.class);
        GatewayRequest request = GatewayRequest.of(exchange);
        HubClient client = request.client();
        ledger.record(new LedgerEntry(exchange.getProperty(STARTED, Instant.class),
                client == null ? "unknown" : client.id(), request.agencyCode(), request.dossierId(),
                request.procedureCode(), request.officerId(), source, exchange.getProperty(SUBJECT_HASH, String.class),
                outcome.name(), servedFrom, (int) TimeUnit.NANOSECONDS.toMillis(nanos), request.correlationId()), copy);
        String from = servedFrom == null ? "none" : servedFrom;
        timers.computeIfAbsent(source + '|' + outcome + '|' + from, key -> Timer.builder("hub.lookups")
                        .description("Data lookups by source, outcome and where the answer came from")
                        .tag("source", source)
                        .tag("outcome", outcome.name())
                        .tag("served_from", from)
                        .publishPercentileHistogram()
                        .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
        LOG.info("lookup source={} outcome={} servedFrom={} durationMs={}", source, outcome,
                servedFrom == null ? "-" : servedFrom, TimeUnit.NANOSECONDS.toMillis(nanos));
    }
}
