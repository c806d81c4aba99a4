package io.anticorona.common.cloudevents;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
import io.anticorona.common.problem.ProblemException;
import io.anticorona.common.problem.ServiceUnavailableProblem;
import io.anticorona.common.tracing.EventTrace;
import io.anticorona.common.tracing.TraceParent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * Receives domain events as CloudEvents over HTTP, in binary or structured mode: how Knative's KafkaSource
 * delivers them (and wakes a function scaled to zero). A subclass, annotated {@code @Path("/events")}, hands each
 * event to the same handler as its Kafka consumer. 2xx means applied (or already applied); 400 means the event
 * can never be applied; 503 means try again, and the source retries. Only the event delivery may call it: the path
 * has an OIDC tenant of its own ({@code quarkus.oidc.eventing.*}), so a user's token is refused here.
 */
public abstract class CloudEventsEndpoint {

    private static final Logger LOG = Logger.getLogger(CloudEventsEndpoint.class);

    static {
        EventFormatProvider.getInstance().registerFormat(new JsonFormat());
    }

    /** Field-injected, so that the subclasses' constructors need not pass it on. */
    @Inject
    EventTrace trace;

    /** Applies the event exactly as the Kafka path does, idempotently. */
    protected abstract void deliver(IncomingEvent event);

    @POST
    @Consumes(MediaType.WILDCARD)
    @Authenticated
    @RunOnVirtualThread
    @Operation(summary = "Receives a domain event as a CloudEvent (binary or structured mode), e.g. from a KafkaSource")
    public Response receive(@Context HttpHeaders headers, byte[] body) {
        IncomingEvent event = read(headers, body);
        try {
            trace.continued(event, () -> deliver(event));
        } catch (MalformedEventException | ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("Event %s (%s) not applied, the source will retry: %s", event.id(), event.type(), e.toString());
            throw new ServiceUnavailableProblem("event-not-applied", "Event not applied",
                    "The event could not be applied now; deliver it again", 1);
        }
        return Response.accepted().build();
    }

    static IncomingEvent read(HttpHeaders headers, byte[] body) {
        Map<String, String> flat = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> flat.put(name.toLowerCase(), values.get(0)));
        CloudEvent cloudEvent;
        try {
            MessageReader reader = HttpMessageFactory.createReader(flat, body);
            cloudEvent = reader.toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new MalformedEventException("Not a CloudEvent: " + e.getMessage());
        }
        String data = cloudEvent.getData() == null ? "" : new String(cloudEvent.getData().toBytes(), StandardCharsets.UTF_8);
        Object key = cloudEvent.getExtension("key");
        Object traceparent = cloudEvent.getExtension(TraceParent.NAME);
        return IncomingEvent.of(cloudEvent.getId(), cloudEvent.getType(),
                key != null ? key.toString() : cloudEvent.getSubject(), data, cloudEvent.getTime(),
                traceparent != null ? traceparent.toString() : null);
    }
}
