package io.anticorona.common.inbox;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Remembers which events were applied, in the same transaction as their effects, so a redelivery changes nothing. */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;

    public Inbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Applies an event at most once, from any transport (Kafka, or CloudEvents over HTTP; fn-common's EventDispatcher
     * calls it): the handler runs in one transaction with the inbox record, and is skipped for an event id seen before.
     */
    public void apply(IncomingEvent event, Consumer<IncomingEvent> handler) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (recordFirstDelivery(event)) {
                handler.accept(event);
            }
        });
    }

    /** Records the event id: true the first time; a concurrent duplicate waits for the first and then gets false. */
    @Transactional(TxType.MANDATORY)
    public boolean recordFirstDelivery(IncomingEvent event) {
        return entityManager.createNativeQuery(
                "insert into processed_event (id, type) values (?1, ?2) on conflict (id) do nothing")
                .setParameter(1, event.id())
                .setParameter(2, event.type())
                .executeUpdate() == 1;
    }
}
