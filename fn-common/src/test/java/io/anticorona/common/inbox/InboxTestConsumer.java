package io.anticorona.common.inbox;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.anticorona.common.event.EventDispatcher;
import io.anticorona.common.event.EventHandler;
import io.anticorona.common.event.EventHandlers;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** A consumer as the functions write one: a handler per type, every record through the dispatcher. */
@ApplicationScoped
public class InboxTestConsumer implements EventHandlers {

    private final EventDispatcher events;
    private final InboxEffects effects;

    public InboxTestConsumer(EventDispatcher events, InboxEffects effects) {
        this.events = events;
        this.effects = effects;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of("TestEvent", EventHandler.onceEach(effects::record));
    }

    @Incoming("inbox-test")
    @Blocking
    public CompletionStage<Void> onEvent(KafkaRecordBatch<String, String> batch) {
        return events.consume(batch);
    }
}
