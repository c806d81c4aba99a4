package io.anticorona.vaccine.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
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

    public BookingEventConsumer(VaccineService vaccines, Inbox inbox) {
        this.vaccines = vaccines;
        this.inbox = inbox;
    }

    @Incoming("booking-events")
    @Incoming("injection-events")
    @Blocking(ordered = false)
    @Retry(maxRetries = 20, delay = 500, jitter = 200, abortOn = MalformedEventException.class)
    public CompletionStage<Void> onEvent(Message<String> message) {
        return inbox.consume(message, HANDLED, this::apply);
    }

    /** The events that change stock; confirmations and waitlistings, most of the traffic, do not. */
    static final Set<String> HANDLED = Set.of("BookingCancelled", "BookingAbandoned", "InjectionCompleted");

    /** Runs in the inbox's transaction, once per event id. */
    void apply(IncomingEvent event) {
        switch (event.type()) {
            case "BookingCancelled" -> {
                BookingCancelled cancelled = event.data(BookingCancelled.class);
                if ("BOOKED".equals(cancelled.previousStatus())) {
                    vaccines.release(cancelled.bookingId());
                }
            }
            case "BookingAbandoned" -> vaccines.release(event.data(BookingAbandoned.class).bookingId());
            case "InjectionCompleted" -> vaccines.administer(event.data(InjectionCompleted.class).bookingId());
            default -> {
                // Other events of these topics do not concern stock.
            }
        }
    }
}
