package vn.lgsp.hub.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.Problems;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.ledger.LedgerEntry;
import vn.lgsp.hub.ledger.LedgerWriter;
import vn.lgsp.hub.reuse.ReuseCopy;
import vn.lgsp.hub.reuse.ReuseStore;
import vn.lgsp.hub.security.FieldFilter;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.sources.lookup.Lookup;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.lookup.Subject;
import vn.lgsp.hub.sources.lookup.Subjects;
import vn.lgsp.hub.sources.routefiles.RouteFiles;
import vn.lgsp.hub.sources.settings.SourceProperties.ReuseMode;
import vn.lgsp.hub.sources.settings.SourceProperties;

/**
 * The steps of the lookup route ({@link GatewayRoutes}), in its order: {@link #accept} makes the
 * {@link Lookup} and refuses what may not go on before anything leaves the hub; {@link #preferCopy}
 * answers from the reuse store when the source prefers copies; {@link #requireRoute} before the source
 * route is called; {@link #respond} with the canonical JSON; {@link #failed} when any step failed
 * (answered from a valid copy when the source itself failed and keeps copies). Whatever the outcome,
 * the lookup's ledger row is committed before the answer is sent.
 */
@Component("lookupGateway")
class LookupGateway {

    static final String SERVED_FROM_HEADER = "X-Hub-Served-From";
    /** The path parameter of {@code GET /api/v1/lookups/{source}/{subject}} that names the source. */
    static final String SOURCE_PARAMETER = "source";
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
    private final Problems problems;
    private final RouteFiles routeFiles;

    LookupGateway(Subjects subjects, Sources sources, ReuseStore reuse, LedgerWriter ledger,
                  DataProtection protection, ObjectMapper json, MeterRegistry meters, Clock clock,
                  Responses responses, Problems problems, RouteFiles routeFiles) {
        this.responses = responses;
        this.problems = problems;
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
     * Makes the lookup and validates the request; on success the lookup holds the subject and its
     * hash. The order of checks is the same on every lookup path (docs/api.md): the query string, the
     * context headers, the source (404 {@code client.not_found} for a name the hub does not know:
     * nothing is called, and nothing recorded), the client's grant, then the subject.
     *
     * @param fixedSource the source of a source's own path; null on the generic path, which names it
     */
    void accept(Exchange exchange, String fixedSource) {
        Message in = exchange.getIn();
        String source = fixedSource != null ? fixedSource : in.getHeader(SOURCE_PARAMETER, String.class);
        GatewayRequest request = GatewayRequest.read(exchange);
        HubClient client = request.client();
        Lookup lookup = new Lookup(source, sources.exists(source), clock.instant(), System.nanoTime(),
                new Lookup.Context(request.correlationId(), request.path(), client == null ? "unknown" : client.id(),
                        request.dossierId(), request.procedureCode(), request.officerId(), request.agencyCode()));
        exchange.setProperty(Lookup.PROPERTY, lookup);
        boolean malformedQuery = in instanceof HttpMessage http && RestServlet.malformedQuery(http.getRequest());
        try {
            request.requireValid(in);
        } catch (HubException invalidContext) {
            throw malformedQuery ? malformedQuery() : invalidContext;
        }
        if (malformedQuery) {
            throw malformedQuery();
        }
        if (!lookup.known()) {
            throw new HubException(ErrorCode.NOT_FOUND, "No source with this name");
        }
        if (client == null || !client.may(source)) {
            throw new HubException(ErrorCode.FORBIDDEN, "This client may not query the " + source + " database");
        }
        Subject subject = subjects.parse(source, in, segment(in, fixedSource));
        lookup.accepted(subject, protection.subjectHash(source, subject.key()), client.fieldsOf(source).orElse(null));
    }

    /** The subject segment of the generic lookup path; null on a source's own path. */
    private static String segment(Message in, String fixedSource) {
        return fixedSource == null ? in.getHeader(Subjects.FIELD, String.class) : null;
    }

    private static HubException malformedQuery() {
        return new HubException(ErrorCode.INVALID_REQUEST, RestServlet.MALFORMED_QUERY_DETAIL);
    }

    /**
     * With {@code prefer-copy}, a copy within its TTL that the subject matches answers without calling
     * the source. A lookup only a copy may answer (the migration period of citizen lookups) is answered
     * from one whatever the mode but {@code off}, or refused as lacking what the source needs.
     */
    void preferCopy(Exchange exchange) {
        Lookup lookup = Lookup.of(exchange);
        Subject subject = lookup.subject();
        ReuseMode mode = sources.settings(lookup.source()).reuseMode();
        if (subject.copyOnly()) {
            Optional<byte[]> copy = mode == ReuseMode.OFF ? Optional.empty()
                    : reuse.validCopy(lookup.source(), everySubjectHash(lookup));
            lookup.answerFromCopy(copy.orElseThrow(subject::withoutCopy), subject.sunset());
        } else if (mode == ReuseMode.PREFER_COPY) {
            matchingCopy(lookup).ifPresent(copy -> lookup.answerFromCopy(copy, null));
        }
    }

    /** A source whose route is stopped or failed to load is unavailable (a valid copy may still answer). */
    void requireRoute(Exchange exchange) {
        routeFiles.requireAvailable(Lookup.of(exchange).source());
    }

    /**
     * Answers 200 with the canonical model the source route left in the body, or the copy found: the
     * answer is made into JSON once, minimised first when the client may see only some fields, and a
     * source's answer is kept as the subject's copy when the source keeps copies.
     */
    void respond(Exchange exchange) throws IOException {
        Lookup lookup = Lookup.of(exchange);
        if (!lookup.needsSource()) {
            answerStored(exchange, lookup);
            return;
        }
        lookup.answerFromSource(exchange.getMessage().getBody());
        Set<String> allowed = lookup.allowedFields();
        SourceProperties.Source settings = sources.settings(lookup.source());
        boolean keep = settings.reuseMode() != ReuseMode.OFF;
        byte[] canonical;
        byte[] body;
        if (allowed == null) {
            canonical = json.writeValueAsBytes(lookup.answer());
            body = canonical;
        } else {
            JsonNode tree = json.valueToTree(lookup.answer());
            canonical = keep ? json.writeValueAsBytes(tree) : null;
            body = json.writeValueAsBytes(FieldFilter.keep(tree, allowed));
        }
        record(lookup, LookupOutcome.FOUND, Lookup.FROM_SOURCE,
                keep ? reuse.copyOf(lookup.source(), settings, lookup.subjectHash(), canonical) : null);
        answer(exchange, lookup, body);
    }

    /** Answers 200 with the stored copy the lookup holds, minimised to the client's fields. */
    private void answerStored(Exchange exchange, Lookup lookup) {
        byte[] body = lookup.storedAnswer();
        if (lookup.allowedFields() != null) {
            try {
                body = json.writeValueAsBytes(FieldFilter.keep(json.readTree(body), lookup.allowedFields()));
            } catch (IOException e) {
                throw new HubException(ErrorCode.INTERNAL_ERROR, "The stored answer could not be minimised", e);
            }
        }
        record(lookup, LookupOutcome.FOUND, Lookup.FROM_REUSE_STORE, null);
        answer(exchange, lookup, body);
    }

    /**
     * The lookup route's failure handling, for every step of it and the source route it called: records
     * the failed lookup and answers with its problem. A failure of the source itself is answered from a
     * valid copy that the subject matches, when the source keeps copies.
     */
    void failed(Exchange exchange, String fixedSource) {
        Lookup lookup = Lookup.of(exchange);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HubException failure = Failures.of(caught);
        Failures.log(failure, caught, lookup.correlationId());
        if (lookup.known()) {
            try {
                if (answeredFromCopy(exchange, lookup, failure)) {
                    return;
                }
                if (lookup.subjectHash() == null) {
                    // refused before the subject was found valid: the hash stands for what was given
                    lookup.subjectHash(protection.subjectHash(lookup.source(),
                            subjects.raw(lookup.source(), exchange.getIn(), segment(exchange.getIn(), fixedSource))));
                }
                record(lookup, LookupOutcome.of(failure.code()), null, null);
            } catch (HubException ledgerFailure) {
                // the lookup cannot be recorded: say so rather than what happened upstream
                failure = ledgerFailure;
            }
        }
        problems.apply(exchange, failure, lookup.context().path(), lookup.correlationId());
    }

    private boolean answeredFromCopy(Exchange exchange, Lookup lookup, HubException failure) throws HubException {
        LookupOutcome outcome = LookupOutcome.of(failure.code());
        if (lookup.subject() == null || !lookup.needsSource()
                || (outcome != LookupOutcome.FAILED && outcome != LookupOutcome.TIMEOUT
                    && outcome != LookupOutcome.UNAVAILABLE)
                || sources.settings(lookup.source()).reuseMode() == ReuseMode.OFF) {
            return false;
        }
        Optional<byte[]> copy = matchingCopy(lookup);
        if (copy.isEmpty()) {
            return false;
        }
        lookup.answerFromCopy(copy.get(), null);
        answerStored(exchange, lookup);
        return true;
    }

    /** A valid copy of the subject that the lookup matches (a citizen's name and birth date). */
    private Optional<byte[]> matchingCopy(Lookup lookup) {
        return reuse.validCopy(lookup.source(), everySubjectHash(lookup)).filter(copy -> matches(lookup.subject(), copy));
    }

    /** The subject's hash under every key version, the lookup's own (the current version's) first: a copy may be under any. */
    private List<String> everySubjectHash(Lookup lookup) {
        return protection.subjectHashes(lookup.source(), lookup.subject().key());
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

    /** The 200 answer. */
    private void answer(Exchange exchange, Lookup lookup, byte[] body) {
        responses.bytes(exchange, 200, "application/json", body);
        exchange.getMessage().setHeader(SERVED_FROM_HEADER, lookup.servedFrom());
        if (lookup.sunset() != null) {
            exchange.getMessage().setHeader("Sunset", lookup.sunset());
        }
    }

    /** Commits the lookup's ledger row (and copy), then counts it. Throws if the ledger cannot record it. */
    private void record(Lookup lookup, LookupOutcome outcome, String servedFrom, ReuseCopy copy) {
        long nanos = System.nanoTime() - lookup.startedNanos();
        Lookup.Context context = lookup.context();
        ledger.record(new LedgerEntry(lookup.startedAt(), context.clientId(), context.agencyCode(), context.dossierId(),
                context.procedureCode(), context.officerId(), lookup.source(), lookup.subjectHash(), outcome.name(),
                servedFrom, (int) TimeUnit.NANOSECONDS.toMillis(nanos), context.correlationId()), copy);
        String from = servedFrom == null ? "none" : servedFrom;
        timers.computeIfAbsent(lookup.source() + '|' + outcome + '|' + from, key -> Timer.builder("hub.lookups")
                        .description("Data lookups by source, outcome and where the answer came from")
                        .tag("source", lookup.source())
                        .tag("outcome", outcome.name())
                        .tag("served_from", from)
                        .publishPercentileHistogram()
                        .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
        // every lookup is a ledger row and a count of hub_lookups: a log line of each only when asked for
        if (LOG.isDebugEnabled()) {
            LOG.debug("lookup source={} outcome={} servedFrom={} durationMs={}", lookup.source(), outcome,
                    servedFrom == null ? "-" : servedFrom, TimeUnit.NANOSECONDS.toMillis(nanos));
        }
    }
}
