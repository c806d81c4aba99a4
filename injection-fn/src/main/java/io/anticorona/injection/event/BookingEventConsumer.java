package io.anticorona.injection.event;

import java.util.UUID;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.anticorona.common.event.EventDispatcher;
import io.anticorona.common.event.EventHandler;
import io.anticorona.common.event.EventHandlers;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
import io.anticorona.injection.event.InjectionEvents.BookingCancelled;
import io.anticorona.injection.event.InjectionEvents.BookingConfirmed;
import io.anticorona.injection.service.InjectionService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** A confirmed booking joins the worklist; a cancelled one leaves it. */
@ApplicationScoped
public class BookingEventConsumer implements EventHandlers {

    private final InjectionService injections;
    private final EventDispatcher events;

    public BookingEventConsumer(InjectionService injections, EventDispatcher events) {
        this.injections = injections;
        this.events = events;
    }

    @Incoming("booking-events")
    @Blocking
    public CompletionStage<Void> onBookingEvent(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }

    /**
     * The events that change the worklist, each run in the inbox's transaction, once per event id; waitlisted and
     * abandoned bookings do not change it.
     */
    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(
                "BookingConfirmed", EventHandler.onceEach(this::confirmed),
                "BookingCancelled", EventHandler.onceEach(this::cancelled));
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
