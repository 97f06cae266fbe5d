package vn.lgsp.hub.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.CorrelationId;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.sources.SourceRoutes;
import vn.lgsp.hub.sources.Subject;
import vn.lgsp.hub.sources.SubjectParser;

/**
 * The steps of a data lookup around the source route: accept (context, grant, subject) before
 * anything leaves the hub, then answer with the canonical JSON or account for the failure.
 */
@Component("lookupGateway")
class LookupGateway {

    static final String SERVED_FROM_HEADER = "X-Hub-Served-From";
    private static final String STARTED = "hubLookupStarted";
    private static final Logger LOG = LoggerFactory.getLogger(LookupGateway.class);

    private final Map<String, SubjectParser> parsers;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    LookupGateway(List<SubjectParser> parsers, ObjectMapper json, MeterRegistry meters) {
        this.parsers = parsers.stream().collect(Collectors.toMap(SubjectParser::source, Function.identity()));
        this.json = json;
        this.meters = meters;
    }

    /** Validates the request; on success the subject is in {@code ${exchangeProperty.hubSubject}}. */
    public void accept(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        GatewayRequest request = GatewayRequest.lookup(exchange);
        exchange.setProperty(SourceRoutes.CORRELATION_ID, request.correlationId());
        HubClient client = request.client();
        if (client == null || !client.may(source)) {
            throw new HubException(ErrorCode.FORBIDDEN, "This client may not query the " + source + " database");
        }
        SubjectParser parser = parsers.get(source);
        if (parser == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "No source named " + source);
        }
        Subject subject = parser.parse(exchange.getIn());
        exchange.setProperty(SourceRoutes.SUBJECT, subject);
    }

    /** Answers 200 with the canonical model the source route left in the body. */
    public void respond(Exchange exchange) throws JsonProcessingException {
        byte[] body = json.writeValueAsBytes(exchange.getMessage().getBody());
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(SERVED_FROM_HEADER, "source");
        exchange.getMessage().setBody(body);
        record(exchange, LookupOutcome.FOUND, "source");
    }

    /** Accounts for a failed lookup; the caller renders the problem. */
    void failed(Exchange exchange, HubException failure) {
        if (exchange.getProperty(SourceRoutes.SOURCE) != null) {
            record(exchange, LookupOutcome.of(failure.code()), null);
        }
    }

    private void record(Exchange exchange, LookupOutcome outcome, String servedFrom) {
        String source = exchange.getProperty(SourceRoutes.SOURCE, String.class);
        Long started = exchange.getProperty(STARTED, Long.class);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        Timer.builder("hub.lookups")
                .description("Data lookups by source and outcome")
                .tag("source", source)
                .tag("outcome", outcome.name())
                .tag("served_from", servedFrom == null ? "none" : servedFrom)
                .publishPercentileHistogram()
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
        LOG.info("lookup source={} outcome={} servedFrom={} durationMs={} correlationId={}", source, outcome,
                servedFrom == null ? "-" : servedFrom, TimeUnit.NANOSECONDS.toMillis(nanos),
                exchange.getProperty(SourceRoutes.CORRELATION_ID, exchange.getIn().getHeader(CorrelationId.HEADER),
                        String.class));
    }
}
