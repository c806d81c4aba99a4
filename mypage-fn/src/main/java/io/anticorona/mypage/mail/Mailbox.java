package io.anticorona.mypage.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Queues a notification's mail in the notification's own transaction (the mail outbox). The projection writes the
 * row in the same statement as the notification ({@link #queueing}), then tells the sender ({@link #queued}).
 */
@ApplicationScoped
public class Mailbox {

    /** Fired when a mail was queued; the sender takes it right after the commit instead of at its next poll. */
    public record Queued() {
    }

    private final Event<Queued> queued;

    public Mailbox(Event<Queued> queued) {
        this.queued = queued;
    }

    /**
     * The mail's row, as a data-modifying CTE body of two parameters (the event id, the customer id) that returns the
     * row queued, if any. Keyed by the event id, so a redelivered event queues nothing (the inbox drops repeats
     * already; this makes it doubly sure). A customer who turned the mails off gets no row at all. Stamped with the
     * clock, not the transaction's start ({@code now()}): one transaction applies a batch of events, and a customer's
     * mails go in the order they were queued.
     */
    public static String queueing(String eventParameter, String customerParameter) {
        return """
                insert into mail_outbox (event_id, customer_id, created_at)
                select %1$s, %2$s, clock_timestamp()
                where not exists (select 1 from customer_settings s where s.customer_id = %2$s and not s.emails)
                on conflict (event_id) do nothing
                returning event_id""".formatted(eventParameter, customerParameter);
    }

    /** A mail was queued in the current transaction: the sender goes once it commits. */
    @Transactional(TxType.MANDATORY)
    public void queued() {
        queued.fire(new Queued());
    }
}
