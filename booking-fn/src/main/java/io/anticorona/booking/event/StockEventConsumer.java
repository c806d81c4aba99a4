package io.anticorona.booking.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.anticorona.booking.service.WaitlistPromoter;
import io.anticorona.common.event.EventDispatcher;
import io.anticorona.common.event.EventHandler;
import io.anticorona.common.event.EventHandlers;
import io.anticorona.common.inbox.IncomingEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * When a vaccine's availability grows, promotes its waiting bookings. Promotion is idempotent by nature (a repeat
 * finds nobody to promote or no dose left), so these events need no inbox.
 */
@ApplicationScoped
public class StockEventConsumer implements EventHandlers {

    @RegisterForReflection
    record AvailabilityGrew(long vaccineId) {
    }

    private final WaitlistPromoter promoter;
    private final EventDispatcher events;

    public StockEventConsumer(WaitlistPromoter promoter, EventDispatcher events) {
        this.promoter = promoter;
        this.events = events;
    }

    @Incoming("vaccine-events")
    @Blocking
    public CompletionStage<Void> onVaccineEvent(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(
                "StockAdded", EventHandler.idempotent(this::promote),
                "ReservationReleased", EventHandler.idempotent(this::promote));
    }

    private void promote(IncomingEvent event) {
        promoter.promote(event.data(AvailabilityGrew.class).vaccineId(), event.time());
    }
}
