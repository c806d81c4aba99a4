package io.anticorona.common.event;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.anticorona.common.inbox.MalformedEventException;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The one retry of every Kafka consumer, applied where they all dispatch ({@link EventDispatcher#consume}, with
 * {@code @ApplyGuard(EventRetry.GUARD)}), to a batch's transaction and to an event applied on its own: what failed (a
 * database hiccup, an event that arrived before the one it builds on) is tried again for about ten seconds; an event
 * that still fails on its own goes to the dead-letter topic, and a malformed event, which no retry can mend, goes
 * there at once. Events over HTTP are not retried here: their source redelivers on a 503.
 */
@ApplicationScoped
public class EventRetry {

    public static final String GUARD = "event-retry";

    @Produces
    @Identifier(GUARD)
    static final Guard RETRY = Guard.create()
            .withDescription(GUARD)
            .withRetry()
            .maxRetries(20)
            .delay(500, ChronoUnit.MILLIS)
            .jitter(200, ChronoUnit.MILLIS)
            .abortOn(MalformedEventException.class)
            .done()
            .build();
}
