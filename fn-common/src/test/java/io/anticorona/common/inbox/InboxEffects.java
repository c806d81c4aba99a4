package io.anticorona.common.inbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** The test application's handler: records what it did in the inbox's transaction, so a rollback takes it back. */
@ApplicationScoped
public class InboxEffects {

    private final EntityManager entityManager;

    public InboxEffects(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public void record(IncomingEvent event) {
        entityManager.createNativeQuery("insert into inbox_effect (event_id, note) values (?1, ?2)")
                .setParameter(1, event.id()).setParameter(2, event.type())
                .executeUpdate();
    }

    public long effectsOf(UUID eventId) {
        return count("select count(*) from inbox_effect where event_id = ?1", eventId);
    }

    public long recordedAsProcessed(UUID eventId) {
        return count("select count(*) from processed_event where id = ?1", eventId);
    }

    private long count(String query, UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(query)
                .setParameter(1, eventId).getSingleResult()).longValue());
    }
}
