package vn.lgsp.hub.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.Codes;
import vn.lgsp.hub.common.CorrelationId;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.HubException.FieldProblem;
import vn.lgsp.hub.common.JsonBodies;
import vn.lgsp.hub.common.Problem;
import vn.lgsp.hub.common.Problems;
import vn.lgsp.hub.procedures.Procedure;
import vn.lgsp.hub.procedures.Procedures;
import vn.lgsp.hub.security.FieldFilter;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.sources.lookup.LookupParameters;
import vn.lgsp.hub.sources.lookup.SubjectKind;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.lookup.Subjects;
import vn.lgsp.hub.sources.settings.SourceProperties;

/**
 * Pre-fill ({@code POST /api/v1/dossiers/{dossierId}/prefill}, docs/api.md §2): every source the dossier's
 * procedure needs (the procedure catalogue, {@link Procedures}), asked at once, in one answer.
 *
 * <p>Each part is a lookup like any other: it runs the generic lookup's steps ({@link GatewayRoutes#PART})
 * with the request's client and context headers, so it has the source's grant check, reuse store, route,
 * timeouts, breaker and bulkhead, its own ledger row linked to the dossier, and the client's field
 * minimisation; its answer is then narrowed to the fields the procedure's form needs. What is invalid in the
 * request is refused whole, before any part is sent: the context headers, the body, and each subject a granted
 * part would be asked about, checked by the same rules as its lookup. A subject the body does not give is a
 * part answered 400 without a lookup.
 *
 * <p>The parts run in parallel, each waited for until its source's timeouts and {@code hub.prefill.grace-ms}
 * have passed: the answer takes as long as the slowest part, never longer than its timeout.
 */
@Component
class Prefills {

    /** A part's subject that the body does not give, in a part's problem. */
    static final String NOT_GIVEN = "is not given: the procedure asks the %s source about it";
    private static final Logger LOG = LoggerFactory.getLogger(Prefills.class);

    private final Procedures procedures;
    private final Subjects subjects;
    private final Sources sources;
    private final JsonBodies bodies;
    private final Problems problems;
    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final PrefillProperties properties;
    private final ThreadPoolExecutor pool;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    Prefills(Procedures procedures, Subjects subjects, Sources sources, JsonBodies bodies, Problems problems,
             ObjectMapper json, ProducerTemplate producer, PrefillProperties properties, MeterRegistry meters) {
        this.procedures = procedures;
        this.subjects = subjects;
        this.sources = sources;
        this.bodies = bodies;
        this.problems = problems;
        this.json = json;
        this.producer = producer;
        this.properties = properties;
        this.meters = meters;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, properties.maxParallelLookups(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "hub-prefill-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** The body: the dossier's subjects, each optional. */
    record PrefillRequest(String personalId, String fullName, String birthDate, String enterpriseCode,
                          LandParcel landParcel) {

        record LandParcel(String communeCode, String mapSheet, String parcelNumber) {
        }
    }

    /** The answer: {@code complete} when every part is 200, and each part by source name. */
    record PrefillAnswer(String dossierId, String procedureCode, boolean complete, Map<String, Part> parts) {
    }

    /** One source's part: its status and its minimised data, or its problem. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Part(int status, String servedFrom, String sunset, JsonNode data, JsonNode problem) {
    }

    /** One part on its way: its source, its exchange (null when the body does not give its subject). */
    private record Running(String source, Procedure.Need need, Exchange exchange, FutureTask<Exchange> task) {
    }

    /** Answers a pre-fill: 200 when every part answered 200, 207 when any did not (the parts say which). */
    void prefill(Exchange exchange) {
        long started = System.nanoTime();
        Message in = exchange.getIn();
        String dossierId = in.getHeader("dossierId", String.class);
        if (!Codes.isReference(dossierId)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "dossierId", "The dossier id " + Codes.REFERENCE_RULE);
        }
        String named = in.getHeader(GatewayRequest.DOSSIER_HEADER, String.class);
        if (named != null && !named.equals(dossierId)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, GatewayRequest.DOSSIER_HEADER,
                    "must be left out or be the dossier in the path");
        }
        in.setHeader(GatewayRequest.DOSSIER_HEADER, dossierId);
        GatewayRequest request = GatewayRequest.lookup(exchange);
        PrefillRequest body = bodies.read(exchange, PrefillRequest.class);
        Procedure procedure = procedures.find(request.procedureCode()).orElseThrow(() -> new HubException(
                ErrorCode.NOT_FOUND, "The procedure catalogue has no entry for this procedure code",
                List.of(new FieldProblem(GatewayRequest.PROCEDURE_HEADER,
                        "has no entry in the procedure catalogue: nothing to pre-fill"))));

        List<Running> parts = prepare(request, body, procedure);
        for (Running part : parts) {
            if (part.task() != null) {
                try {
                    pool.execute(part.task());
                } catch (RejectedExecutionException busy) {
                    // every thread is busy: this part runs here, after the others started
                    part.task().run();
                }
            }
        }
        Map<String, Part> answers = new LinkedHashMap<>();
        for (Running part : parts) {
            answers.put(part.source(), answerOf(part, request, started));
        }
        boolean complete = answers.values().stream().allMatch(p -> p.status() == 200);
        responses(exchange, complete ? 200 : 207, new PrefillAnswer(dossierId, request.procedureCode(), complete, answers));
        long nanos = System.nanoTime() - started;
        timers.computeIfAbsent(complete ? "complete" : "partial", outcome -> Timer.builder("hub.prefills")
                .description("Pre-fills by whether every part answered")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters)).record(nanos, TimeUnit.NANOSECONDS);
        if (LOG.isDebugEnabled()) {
            LOG.debug("prefill procedure={} parts={} complete={} durationMs={}", request.procedureCode(), parts.size(),
                    complete, TimeUnit.NANOSECONDS.toMillis(nanos));
        }
    }

    private void responses(Exchange exchange, int status, PrefillAnswer answer) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            out.setBody(json.writeValueAsBytes(answer));
        } catch (IOException e) {
            throw new IllegalStateException("A pre-fill's answer is plain records and JSON trees", e);
        }
    }

    /**
     * Each part's exchange and task, its subject checked first: any subject a granted part would be asked
     * about that its lookup would refuse fails the whole request (400, every field named) before anything is sent.
     */
    private List<Running> prepare(GatewayRequest request, PrefillRequest body, Procedure procedure) {
        List<Running> parts = new ArrayList<>();
        Map<String, FieldProblem> invalid = new LinkedHashMap<>();
        ErrorCode code = null;
        for (Map.Entry<String, Procedure.Need> entry : procedure.sources().entrySet()) {
            String source = entry.getKey();
            Procedure.Need need = entry.getValue();
            Optional<String> segment = segment(need.subject(), body, invalid);
            if (segment.isEmpty()) {
                parts.add(new Running(source, need, null, null));
                continue;
            }
            Exchange part = exchangeFor(request, source, segment.get(), body);
            HubClient client = request.client();
            if (sources.exists(source) && client != null && client.may(source)) {
                try {
                    subjects.parse(source, part.getIn(), segment.get());
                } catch (HubException refused) {
                    if (refused.code().status() != 400) {
                        throw refused;
                    }
                    code = code == null ? refused.code() : code;
                    for (FieldProblem problem : refused.errors()) {
                        String field = Subjects.FIELD.equals(problem.field()) ? need.subject().field() : problem.field();
                        invalid.putIfAbsent(field, new FieldProblem(field, problem.message()));
                    }
                }
            }
            parts.add(new Running(source, need, part, new FutureTask<>(() -> run(part, request.correlationId()))));
        }
        if (!invalid.isEmpty()) {
            FieldProblem first = invalid.values().iterator().next();
            throw new HubException(code == null ? ErrorCode.INVALID_REQUEST : code,
                    first.field() + " " + first.message(), List.copyOf(invalid.values()));
        }
        if (parts.stream().allMatch(p -> p.exchange() == null)) {
            List<FieldProblem> needed = new ArrayList<>();
            new LinkedHashSet<>(procedure.sources().values().stream().map(Procedure.Need::subject).toList())
                    .forEach(kind -> needed.add(new FieldProblem(kind.field(), "is required by this procedure's pre-fill")));
            throw new HubException(ErrorCode.INVALID_REQUEST, "The body gives none of the subjects this procedure "
                    + "needs", needed);
        }
        return parts;
    }

    /**
     * The subject segment of a part, as the generic lookup path takes it, or empty when the body does not give it
     * (a land parcel given in part is invalid, each missing member named).
     */
    private static Optional<String> segment(SubjectKind kind, PrefillRequest body, Map<String, FieldProblem> invalid) {
        return switch (kind) {
            case PERSONAL_ID -> Optional.ofNullable(body.personalId());
            case ENTERPRISE_CODE -> Optional.ofNullable(body.enterpriseCode());
            case LAND_PARCEL -> {
                PrefillRequest.LandParcel parcel = body.landParcel();
                if (parcel == null) {
                    yield Optional.empty();
                }
                Map<String, String> members = new LinkedHashMap<>();
                members.put("communeCode", parcel.communeCode());
                members.put("mapSheet", parcel.mapSheet());
                members.put("parcelNumber", parcel.parcelNumber());
                members.forEach((name, value) -> {
                    if (value == null) {
                        String field = kind.field() + "." + name;
                        invalid.putIfAbsent(field, new FieldProblem(field, "is required: a land parcel is its "
                                + "commune code, map sheet and parcel number"));
                    }
                });
                yield members.containsValue(null) ? Optional.empty()
                        : Optional.of(String.join("-", members.values()));
            }
        };
    }

    /** The exchange of a part: the generic lookup's headers, with the request's context, client and parameters. */
    private Exchange exchangeFor(GatewayRequest request, String source, String segment, PrefillRequest body) {
        Exchange part = new DefaultExchange(producer.getCamelContext());
        Message message = part.getIn();
        message.setHeader(LookupGateway.SOURCE_PARAMETER, source);
        message.setHeader(Subjects.FIELD, segment);
        message.setHeader(CorrelationId.HEADER, request.correlationId());
        message.setHeader(Exchange.HTTP_URI, request.path());
        message.setHeader(GatewayRequest.DOSSIER_HEADER, request.dossierId());
        message.setHeader(GatewayRequest.PROCEDURE_HEADER, request.procedureCode());
        if (request.officerId() != null) {
            message.setHeader(GatewayRequest.OFFICER_HEADER, request.officerId());
        }
        if (request.agencyCode() != null) {
            message.setHeader(GatewayRequest.AGENCY_HEADER, request.agencyCode());
        }
        part.setProperty(GatewayRequest.CLIENT_PROPERTY, request.client());
        Map<String, String> parameters = new HashMap<>();
        if (body.fullName() != null) {
            parameters.put("fullName", body.fullName());
        }
        if (body.birthDate() != null) {
            parameters.put("birthDate", body.birthDate());
        }
        part.setProperty(LookupParameters.PROPERTY, parameters);
        return part;
    }

    /** Runs a part's lookup on this thread, with the request's correlation id in the logs. */
    private Exchange run(Exchange part, String correlationId) {
        String previous = MDC.get(CorrelationId.KEY);
        MDC.put(CorrelationId.KEY, correlationId);
        try {
            producer.send(GatewayRoutes.PART, part);
            return part;
        } finally {
            if (previous == null) {
                MDC.remove(CorrelationId.KEY);
            } else {
                MDC.put(CorrelationId.KEY, previous);
            }
        }
    }

    /** A part's answer once its lookup ended, or its timeout passed, or at once when the body gives no subject. */
    private Part answerOf(Running part, GatewayRequest request, long started) {
        if (part.exchange() == null) {
            String field = part.need().subject().field();
            return problem(new HubException(ErrorCode.INVALID_REQUEST, field + " " + NOT_GIVEN.formatted(part.source()),
                    List.of(new FieldProblem(field, NOT_GIVEN.formatted(part.source())))), request);
        }
        Exchange done;
        try {
            done = part.task().get(Math.max(0, deadline(part.source(), started) - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
            return problem(new HubException(ErrorCode.SOURCE_TIMEOUT, "The national database did not answer "
                    + "within its timeout"), request);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return problem(new HubException(ErrorCode.SOURCE_UNAVAILABLE, "The pre-fill was interrupted"), request);
        } catch (ExecutionException failed) {
            return problem(new HubException(ErrorCode.INTERNAL_ERROR, "The part could not be looked up"), request);
        }
        Message out = done.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] answer = out.getBody(byte[].class);
        JsonNode tree;
        try {
            tree = json.readTree(answer);
        } catch (IOException | RuntimeException unreadable) {
            return problem(new HubException(ErrorCode.INTERNAL_ERROR, "The part's answer could not be read"), request);
        }
        if (status != null && status == 200) {
            return new Part(200, out.getHeader(LookupGateway.SERVED_FROM_HEADER, String.class),
                    out.getHeader("Sunset", String.class),
                    FieldFilter.keep(tree, new LinkedHashSet<>(part.need().fields())), null);
        }
        return new Part(status == null ? 500 : status, null, null, null, tree);
    }

    /** When to stop waiting for a part: its source's connect and answer timeouts and the grace after its start. */
    private long deadline(String source, long started) {
        long waitMs = properties.graceMs();
        if (sources.exists(source)) {
            SourceProperties.Source settings = sources.settings(source);
            waitMs += settings.timeoutMs() + settings.connectTimeoutMs();
        }
        return started + TimeUnit.MILLISECONDS.toNanos(waitMs);
    }

    private Part problem(HubException failure, GatewayRequest request) {
        Problem problem = Problem.of(failure, request.path(), request.correlationId());
        try {
            return new Part(failure.code().status(), null, null, null, json.readTree(problems.render(problem)));
        } catch (IOException e) {
            throw new IllegalStateException("A problem document is plain JSON", e);
        }
    }
}
