package io.anticorona.common.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/** Remembers which events were applied, in the same transaction as their effects, so a redelivery changes nothing. */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;

    public Inbox(EntityManager entityManager) {
        this.entityManager = entityManager;
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
