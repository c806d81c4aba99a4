package io.anticorona.common.inbox;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Remembers which events were applied, in the same transaction as their effects, so a redelivery changes nothing. */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;
    private final MeterRegistry metrics;

    public Inbox(EntityManager entityManager, MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.metrics = metrics;
    }

    /**
     * Applies a consumed event at most once: the handler runs in one transaction with the inbox record, and is
     * skipped for an event id seen before. Returns the acknowledgement for the channel.
     */
    public CompletionStage<Void> consume(Message<String> message, Consumer<IncomingEvent> handler) {
        apply(IncomingEvent.from(message), handler);
        return message.ack();
    }

    /**
     * The same for a consumer that acts on a few event types only, with a handler per type: any other event is
     * acknowledged at once, without a transaction or an inbox record (there is nothing to apply twice).
     */
    public CompletionStage<Void> consume(Message<String> message, Map<String, Consumer<IncomingEvent>> handlers) {
        apply(IncomingEvent.from(message), handlers);
        return message.ack();
    }

    /** {@link #consume(Message, Map)} for an event from any transport. */
    public void apply(IncomingEvent event, Map<String, Consumer<IncomingEvent>> handlers) {
        Consumer<IncomingEvent> handler = handlers.get(event.type());
        if (handler != null) {
            apply(event, handler);
        }
    }

    /** The same for an event from any transport (Kafka, or CloudEvents over HTTP). */
    public void apply(IncomingEvent event, Consumer<IncomingEvent> handler) {
        boolean applied = QuarkusTransaction.requiringNew().call(() -> {
            boolean first = firstDelivery(event);
            if (first) {
                handler.accept(event);
            }
            return first;
        });
        count(event, applied);
    }

    /** anticorona_inbox_events_total{type, result}: counted once committed, so a rolled-back attempt never counts. */
    private void count(IncomingEvent event, boolean applied) {
        metrics.counter("anticorona.inbox.events", "type", event.type(), "result", applied ? "applied" : "duplicate")
                .increment();
    }

    /** True the first time this event is seen; a concurrent duplicate waits for the first and then gets false. */
    @Transactional(TxType.MANDATORY)
    public boolean firstDelivery(IncomingEvent event) {
        return entityManager.createNativeQuery(
                "insert into processed_event (id, type) values (?1, ?2) on conflict (id) do nothing")
                .setParameter(1, event.id())
                .setParameter(2, event.type())
                .executeUpdate() == 1;
    }
}
