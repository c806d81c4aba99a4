package io.anticorona.injection.event;

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
import io.anticorona.injection.event.InjectionEvents.BookingCancelled;
import io.anticorona.injection.event.InjectionEvents.BookingConfirmed;
import io.anticorona.injection.service.InjectionService;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** A confirmed booking joins the worklist; a cancelled one leaves it. */
@ApplicationScoped
public class BookingEventConsumer {

    private final InjectionService injections;
    private final Inbox inbox;

    public BookingEventConsumer(InjectionService injections, Inbox inbox) {
        this.injections = injections;
        this.inbox = inbox;
    }

    @Incoming("booking-events")
    @Blocking(ordered = false)
    @Retry(maxRetries = 20, delay = 500, jitter = 200, abortOn = MalformedEventException.class)
    public CompletionStage<Void> onBookingEvent(Message<String> message) {
        return inbox.consume(message, HANDLED, this::apply);
    }

    /** The events that change the worklist; a waitlisted booking does not. */
    static final Set<String> HANDLED = Set.of("BookingConfirmed", "BookingCancelled");

    /** Runs in the inbox's transaction, once per event id. */
    void apply(IncomingEvent event) {
        switch (event.type()) {
            case "BookingConfirmed" -> {
                BookingConfirmed confirmed = event.data(BookingConfirmed.class);
                require(event, confirmed.bookingId(), confirmed.customerId(), confirmed.vaccineId(), confirmed.at());
                injections.confirmed(confirmed);
            }
            case "BookingCancelled" -> {
                BookingCancelled cancelled = event.data(BookingCancelled.class);
                require(event, cancelled.bookingId(), cancelled.customerId(), cancelled.vaccineId(), cancelled.at());
                injections.cancelled(cancelled);
            }
            default -> {
                // Waitlisting and abandoned bookings do not concern the worklist.
            }
        }
    }

    private static void require(IncomingEvent event, UUID bookingId, String customerId, Long vaccineId, Object at) {
        if (bookingId == null || customerId == null || vaccineId == null || at == null) {
            throw new MalformedEventException("Event " + event.id() + " of type " + event.type()
                    + " lacks bookingId, customerId, vaccineId or at");
        }
    }
}
