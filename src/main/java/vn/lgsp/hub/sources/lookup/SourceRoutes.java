package vn.lgsp.hub.sources.lookup;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.CorrelationId;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.TraceContext;

/**
 * The route template every national database shares. Each source declares one route from it in
 * {@code routes/<source>.yaml}, giving the upstream path and query (simple expressions over the
 * validated subject in {@code ${exchangeProperty.lookup.subject}}), the media type it answers in and
 * the bean that maps its format to the canonical model; a source called with a body (the population
 * database's SOAP call) names the bean method that writes it.
 *
 * <p>The call runs inside the source's circuit breaker and bulkhead; the HTTP client has the
 * source's timeouts and retries only connect failures and 503. Failures propagate to the calling
 * gateway route, which owns the response.
 */
@Component
public class SourceRoutes extends RouteBuilder {

    public static final String TEMPLATE = "source-lookup";
    /**
     * The template parameter with the source's camel-http endpoint: set by the hub when it adds the
     * route ({@link RouteFiles}) from the source's settings, never by a route file. A change of the
     * settings replaces the route, and with it the endpoint and the breaker.
     */
    public static final String ENDPOINT = "endpoint";
    /** Whether the source's answers say in their body how the lookup went (template parameter answersInBody). */
    static final String ANSWERS_IN_BODY = "hubAnswersInBody";

    private final Sources sources;
    private final TraceContext traces;

    public SourceRoutes(Sources sources, TraceContext traces) {
        this.traces = traces;
        this.sources = sources;
    }

    /** The id of a source's route, declared in {@code routes/<source>.yaml}. */
    public static String routeId(String source) {
        return "source." + source + ".fetch";
    }

    @Override
    public void configure() {
        CircuitBreakerDefinition call = routeTemplate(TEMPLATE)
                .templateParameter("source", null, "The source name, as under hub.sources")
                .templateParameter("path", null,
                        "Upstream path, a simple expression over ${exchangeProperty.lookup.subject}")
                .templateParameter("query", "", "Upstream query string, a simple expression")
                .templateParameter("accept", "application/json", "The media type the source answers in")
                .templateParameter("mapper", null, "Bean that maps the source's answer to the canonical model")
                .templateParameter("request", "upstreamRequests?method=none",
                        "Bean method that writes the request's method and body; by default none: a GET")
                .templateParameter("answersInBody", "false",
                        "true when the body says found, not found or refused, and the HTTP status only whether "
                        + "the call worked: then a 404 is an error and a SOAP fault (500) is read by the mapper")
                .templateParameter(ENDPOINT, null, "Set by the hub from the source's settings, not by route files")
                .from("direct:source.{{source}}.fetch")
                .routeConfigurationId(ErrorHandling.SOURCE_ERRORS)
                .process(this::prepare).id("source.{{source}}.enabled")
                .setHeader(Exchange.HTTP_PATH, simple("{{path}}"))
                .setHeader(Exchange.HTTP_QUERY, simple("{{query}}"))
                .setHeader("Accept", constant("{{accept}}"))
                .setProperty(ANSWERS_IN_BODY, constant("{{answersInBody}}"))
                .to("bean:{{request}}").id("source.{{source}}.request")
                .circuitBreaker().id("source.{{source}}.breaker")
                .configuration("source.{{source}}");
        // path and query travel in headers: the endpoint (base URL and options) is one per source
        call.to("{{" + ENDPOINT + "}}").id("source.{{source}}.http");
        call.process(UpstreamResponses::check).id("source.{{source}}.status");
        call.bean("{{mapper}}", "map").id("source.{{source}}.map");
        call.end();
    }

    /**
     * Refuses a call to a disabled source; then nothing of the caller's request travels upstream but
     * what the route sets: a GET (the request writer may make it a POST) with the correlation id and the trace
     * context.
     */
    private void prepare(Exchange exchange) {
        Lookup lookup = Lookup.of(exchange);
        sources.requireEnabled(lookup.source());
        Message message = exchange.getMessage();
        String traceparent = message.getHeader("traceparent", String.class);
        String tracestate = message.getHeader("tracestate", String.class);
        message.removeHeaders("*");
        // the enum itself: camel-http would otherwise convert a "GET" string on every call
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
        message.setHeader(CorrelationId.HEADER, lookup.correlationId());
        // the caller's trace goes on to the national database (W3C traceparent), the hub's span its parent
        traces.startCall(exchange, "source " + lookup.source(),
                name -> "traceparent".equals(name) ? traceparent : "tracestate".equals(name) ? tracestate : null,
                message::setHeader);
        message.setBody(null);
    }
}
