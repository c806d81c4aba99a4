package io.anticorona.injection.event;

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
import io.anticorona.injection.event.InjectionEvents.BookingCancelled;
import io.anticorona.injection.event.InjectionEvents.BookingConfirmed;
import io.anticorona.injection.service.InjectionService;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** A confirmed booking joins the worklist; a cancelled one leaves it. */
@ApplicationScoped
public class BookingEventConsumer {

    private final InjectionService injections;
    private final Inbox inbox;
    /** The events that change the worklist; waitlisted and abandoned bookings do not. */
    private final Map<String, Consumer<IncomingEvent>> handlers;

    public BookingEventConsumer(InjectionService injections, Inbox inbox) {
        this.injections = injections;
        this.inbox = inbox;
        this.handlers = Map.of("BookingConfirmed", this::confirmed, "BookingCancelled", this::cancelled);
    }

    @Incoming("booking-events")
    @Blocking(ordered = false)
    @Retry(maxRetries = 20, delay = 500, jitter = 200, abortOn = MalformedEventException.class)
    public CompletionStage<Void> onBookingEvent(Message<String> message) {
        return inbox.consume(message, handlers);
    }

    /** Each runs in the inbox's transaction, once per event id. */
    Map<String, Consumer<IncomingEvent>> handlers() {
        return handlers;
    }

    private void confirmed(IncomingEvent event) {
        BookingConfirmed confirmed = event.data(BookingConfirmed.class);
        require(event, confirmed.bookingId(), confirmed.customerId(), confirmed.vaccineId(), confirmed.at());
        injections.confirmed(confirmed);
    }

    private void cancelled(IncomingEvent event) {
        BookingCancelled cancelled = event.data(BookingCancelled.class);
        require(event, cancelled.bookingId(), cancelled.customerId(), cancelled.vaccineId(), cancelled.at());
        injections.cancelled(cancelled);
    }

    private static void require(IncomingEvent event, UUID bookingId, String customerId, Long vaccineId, Object at) {
        if (bookingId == null || customerId == null || vaccineId == null || at == null) {
            throw new MalformedEventException("Event " + event.id() + " of type " + event.type()
                    + " lacks bookingId, customerId, vaccineId or at");
        }
    }
}
