package vn.lgsp.hub.common;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * W3C trace context on the hub's own calls (docs/operations.md "Traces"): a call the hub makes for a request
 * is a span of its own, a child of the caller's {@code traceparent} (or the first of a trace of the hub's), and
 * its context is written as the headers of the call, so the national database sees the hub's span as the
 * parent. The span ends with the exchange, and is exported over OTLP when it is sampled and an endpoint is set.
 * Nothing is written when tracing is off.
 */
@Component
public class TraceContext {

    /** A W3C traceparent of version 00: what is kept for a call made later (the portal's). */
    private static final java.util.regex.Pattern TRACEPARENT =
            java.util.regex.Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** Null when tracing is off; resolved once, as looking a bean up costs more than a span on every call. */
    private final Tracer tracer;
    private final Propagator propagator;

    TraceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable();
        this.propagator = propagator.getIfAvailable();
    }

    /** The request's {@code traceparent} when it is a valid W3C one, else null: to be kept for a later call. */
    public static String validTraceparent(String header) {
        return header != null && TRACEPARENT.matcher(header).matches() ? header : null;
    }

    /**
     * Starts the span of a call named {@code name}, child of the trace context the request came with
     * ({@code incoming}: a header by name, null when absent), ended when the exchange completes; writes its
     * context with {@code header}.
     */
    public void startCall(Exchange exchange, String name, UnaryOperator<String> incoming, BiConsumer<String, String> header) {
        if (tracer == null || propagator == null) {
            return;
        }
        Span.Builder builder = incoming.apply("traceparent") != null
                ? propagator.extract(incoming, (carrier, key) -> carrier.apply(key))
                : tracer.spanBuilder();
        Span span = builder.name(name).kind(Span.Kind.CLIENT).start();
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                span.end();
            }
        });
        propagator.inject(span.context(), header, (carrier, key, value) -> carrier.accept(key, value));
    }
}
