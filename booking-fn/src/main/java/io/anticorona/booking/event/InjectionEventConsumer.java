package io.anticorona.booking.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.anticorona.booking.service.BookingLedger;
import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** A completed injection makes its booking INJECTED. */
@ApplicationScoped
public class InjectionEventConsumer {

    @RegisterForReflection
    record InjectionCompleted(UUID bookingId) {
    }

    private final BookingLedger ledger;
    private final Inbox inbox;

    public InjectionEventConsumer(BookingLedger ledger, Inbox inbox) {
        this.ledger = ledger;
        this.inbox = inbox;
    }

    @Incoming("injection-events")
    @Blocking(ordered = false)
    @Retry(maxRetries = 20, delay = 500, jitter = 200, abortOn = MalformedEventException.class)
    public CompletionStage<Void> onInjectionEvent(Message<String> message) {
        return inbox.consume(message, this::apply);
    }

    /** Runs in the inbox's transaction, once per event id. */
    void apply(IncomingEvent event) {
        if ("InjectionCompleted".equals(event.type())) {
            ledger.markInjected(event.data(InjectionCompleted.class).bookingId());
        }
    }
}
