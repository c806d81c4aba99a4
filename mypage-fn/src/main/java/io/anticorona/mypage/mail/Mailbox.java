package io.anticorona.mypage.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.anticorona.mypage.service.BookingChange;

/** Queues a notification's mail in the notification's own transaction (the mail outbox). */
@ApplicationScoped
public class Mailbox {

    /** Fired when a mail was queued; the sender takes it right after the commit instead of at its next poll. */
    public record Queued() {
    }

    /**
     * Keyed by the event id, so a redelivered event queues nothing (the inbox drops repeats already; this makes it
     * doubly sure). A customer who turned the mails off gets no row at all.
     */
    private static final String ENQUEUE = """
            insert into mail_outbox (event_id, customer_id)
            select ?1, ?2
            where not exists (select 1 from customer_settings s where s.customer_id = ?2 and not s.emails)
            on conflict (event_id) do nothing""";

    private final EntityManager entityManager;
    private final Event<Queued> queued;

    public Mailbox(EntityManager entityManager, Event<Queued> queued) {
        this.entityManager = entityManager;
        this.queued = queued;
    }

    @Transactional(TxType.MANDATORY)
    public void enqueue(BookingChange change) {
        int rows = entityManager.createNativeQuery(ENQUEUE)
                .setParameter(1, change.eventId())
                .setParameter(2, change.customerId())
                .executeUpdate();
        if (rows == 1) {
            queued.fire(new Queued());
        }
    }
}
