package io.anticorona.vaccine.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.anticorona.common.event.EventDispatcher;
import io.anticorona.common.event.EventHandler;
import io.anticorona.common.event.EventHandlers;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.vaccine.service.CancellationRelease;
import io.anticorona.vaccine.service.VaccineService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Gives doses back when bookings are cancelled or abandoned, and takes them out when injected. */
@ApplicationScoped
public class BookingEventConsumer implements EventHandlers {

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
    private final EventDispatcher events;

    public BookingEventConsumer(VaccineService vaccines, EventDispatcher events) {
        this.vaccines = vaccines;
        this.events = events;
    }

    /** One method per channel, so that each topic's batches go on while another's wait out a retry. */
    @Incoming("booking-events")
    @Blocking
    public CompletionStage<Void> onBookingEvents(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }

    @Incoming("injection-events")
    @Blocking
    public CompletionStage<Void> onInjectionEvents(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }

    /**
     * The events that change stock, each run in the inbox's transaction, once per event id; confirmations and
     * waitlistings, most of the traffic, do not change stock.
     */
    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(
                "BookingCancelled", EventHandler.onceEach(this::cancelled),
                "BookingAbandoned", EventHandler.onceEach(this::abandoned),
                "InjectionCompleted", EventHandler.onceEach(this::injected));
    }

    private void injected(IncomingEvent event) {
        vaccines.administer(event.data(InjectionCompleted.class).bookingId());
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
