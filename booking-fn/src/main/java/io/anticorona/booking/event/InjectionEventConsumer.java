package io.anticorona.booking.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.anticorona.booking.service.BookingLedger;
import io.anticorona.common.event.EventDispatcher;
import io.anticorona.common.event.EventHandler;
import io.anticorona.common.event.EventHandlers;
import io.anticorona.common.inbox.IncomingEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** A completed injection makes its booking INJECTED. */
@ApplicationScoped
public class InjectionEventConsumer implements EventHandlers {

    @RegisterForReflection
    record InjectionCompleted(UUID bookingId) {
    }

    private final BookingLedger ledger;
    private final EventDispatcher events;

    public InjectionEventConsumer(BookingLedger ledger, EventDispatcher events) {
        this.ledger = ledger;
        this.events = events;
    }

    @Incoming("injection-events")
    @Blocking
    public CompletionStage<Void> onInjectionEvent(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }

    /** Runs in the inbox's transaction, once per event id. */
    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of("InjectionCompleted", EventHandler.onceEach(this::injected));
    }

    private void injected(IncomingEvent event) {
        ledger.markInjected(event.data(InjectionCompleted.class).bookingId());
    }
}
