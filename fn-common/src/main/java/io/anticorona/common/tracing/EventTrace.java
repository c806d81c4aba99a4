package io.anticorona.common.tracing;

import jakarta.enterprise.context.ApplicationScoped;

import io.anticorona.common.inbox.IncomingEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Continues the trace of an event delivered over HTTP ({@code POST /events}). The HTTP server span already continues
 * a {@code traceparent} header; a CloudEvent carries its producer's context in the distributed-tracing extension
 * instead ({@code ce-traceparent} in binary mode, {@code "traceparent"} in structured mode). When that names another
 * trace, the delivery runs in a consumer span of the event's trace, linked to the request's span.
 */
@ApplicationScoped
public class EventTrace {

    private final Tracer tracer;

    public EventTrace(Tracer tracer) {
        this.tracer = tracer;
    }

    public void continued(IncomingEvent event, Runnable delivery) {
        Context producer = TraceParent.parse(event.traceparent());
        SpanContext producerSpan = Span.fromContext(producer).getSpanContext();
        SpanContext request = Span.current().getSpanContext();
        if (!producerSpan.isValid() || producerSpan.getTraceId().equals(request.getTraceId())) {
            delivery.run();
            return;
        }
        Span span = tracer.spanBuilder(event.type() + " process")
                .setParent(producer)
                .setSpanKind(SpanKind.CONSUMER)
                .addLink(request)
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("cloudevents.event_id", event.id().toString())
                .setAttribute("cloudevents.event_type", event.type())
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            delivery.run();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
