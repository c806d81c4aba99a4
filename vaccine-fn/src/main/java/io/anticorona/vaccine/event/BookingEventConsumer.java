package io.anticorona.vaccine.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
import io.anticorona.vaccine.service.CancellationRelease;
import io.anticorona.vaccine.service.VaccineService;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Gives doses back when bookings are cancelled or abandoned, and takes them out when injected. */
@ApplicationScoped
public class BookingEventConsumer {

    @RegisterForReflection
    record BookingCancelled(UUID bookingId, long vaccineId, String previousStatus) {
    }

    @RegisterForReflection
    record BookingAbandoned(UUID bookingId, long vaccineId) {
    }

    @RegisterForReflection
    record InjectionCompleted(UUID bookingId, long vaccineId) {
    }

    private final VaccineService vaccines;
    private final Inbox inbox;
    /** The events that change stock; confirmations and waitlistings, most of the traffic, do not. */
    private final Map<String, Consumer<IncomingEvent>> handlers;

    public BookingEventConsumer(VaccineService vaccines, Inbox inbox) {
        this.vaccines = vaccines;
        this.inbox = inbox;
        this.handlers = Map.of(
                "BookingCancelled", this::cancelled,
                "BookingAbandoned", this::abandoned,
                "InjectionCompleted", event -> vaccines.administer(event.data(InjectionCompleted.class).bookingId()));
    }

    @Incoming("booking-events")
    @Incoming("injection-events")
    @Blocking(ordered = false)
    @Retry(maxRetries = 20, delay = 500, jitter = 200, abortOn = MalformedEventException.class)
    public CompletionStage<Void> onEvent(Message<String> message) {
        return inbox.consume(message, handlers);
    }

    /** Each runs in the inbox's transaction, once per event id. */
    Map<String, Consumer<IncomingEvent>> handlers() {
        return handlers;
    }

    private void abandoned(IncomingEvent event) {
        BookingAbandoned abandoned = event.data(BookingAbandoned.class);
        vaccines.release(abandoned.bookingId(), abandoned.vaccineId());
    }

    private void cancelled(IncomingEvent event) {
        BookingCancelled cancelled = event.data(BookingCancelled.class);
        if (CancellationRelease.releasesADose(cancelled.previousStatus())) {
            vaccines.release(cancelled.bookingId(), cancelled.vaccineId());
        }
    }
}
