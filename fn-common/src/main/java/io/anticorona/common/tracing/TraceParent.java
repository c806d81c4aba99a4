package io.anticorona.common.tracing;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The W3C {@code traceparent} of a trace context, written and read by OpenTelemetry's own propagator: how a trace
 * is kept with an outbox row and read back from a CloudEvent's distributed-tracing extension.
 */
public final class TraceParent {

    public static final String NAME = "traceparent";

    private static final TextMapGetter<String> ONLY_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return java.util.List.of(NAME);
        }

        @Override
        public String get(String carrier, String key) {
            return NAME.equals(key) ? carrier : null;
        }
    };

    private TraceParent() {
    }

    /** The current span's traceparent, or null if there is no valid span (no trace context at all). */
    public static String current() {
        if (!Span.current().getSpanContext().isValid()) {
            return null; // nothing to keep, and nothing allocated
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(NAME);
    }

    /** The context a traceparent names, as a remote parent; {@link Context#root()} if it is null or unreadable. */
    public static Context parse(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, ONLY_TRACEPARENT);
    }
}
