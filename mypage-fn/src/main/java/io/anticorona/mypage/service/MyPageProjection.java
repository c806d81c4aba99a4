package io.anticorona.mypage.service;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.anticorona.common.sql.PlainSql;
import io.anticorona.mypage.live.MyPageChanges;
import io.anticorona.mypage.mail.Mailbox;

/**
 * Applies events to the read model. Events may come late, twice (the caller's inbox drops repeats) or out of order,
 * also across topics: a booking's status only moves to a newer version, and INJECTED is final.
 * <p>
 * Notifications are a history, not a status: every event adds its own line, even one that is stale for the status
 * (a confirmation that arrives after the cancellation still did happen). The feed is ordered by event time, so it
 * reads right whatever the arrival order. Each notification is also mailed (the mail outbox, same transaction).
 */
@ApplicationScoped
@Transactional
public class MyPageProjection {

    /**
     * What every booking event writes, in one round trip: the booking's row if the booking is new, the event's
     * notification with its mail ({@link Mailbox#queueing}), and the announcement to open pages (PostgreSQL delivers
     * it at commit). Answers whether the booking's row was new and whether a mail was queued.
     */
    private static final String RECORD = """
            with inserted as (
                insert into customer_booking (booking_id, customer_id, vaccine_id, status, version, created_at,
                                              updated_at, waitlist_order)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
                on conflict (booking_id) do nothing
                returning booking_id
            ), notified as (
                insert into notification (event_id, customer_id, booking_id, vaccine_id, kind, at)
                values (?8, ?2, ?1, ?3, ?9, ?6)
            ), mailed as (
                %s
            )
            select (select count(*) from inserted), (select count(*) from mailed), %s"""
            .formatted(Mailbox.queueing("?8", "?2"), MyPageChanges.announcement("?2", "?3"));

    private static final String UPSERT_VACCINE = """
            insert into vaccine_name (vaccine_id, name) values (?1, ?2)
            on conflict (vaccine_id) do update set name = excluded.name""";

    private final Mailbox mailbox;
    private final PlainSql sql;

    public MyPageProjection(Mailbox mailbox, PlainSql sql) {
        this.mailbox = mailbox;
        this.sql = sql;
    }

    public void vaccineRegistered(long vaccineId, String name) {
        VaccineName.getEntityManager().createNativeQuery(UPSERT_VACCINE)
                .setParameter(1, vaccineId).setParameter(2, name)
                .executeUpdate();
        MyPageChanges.announce(null, vaccineId);
    }

    public void bookingChanged(BookingChange change) {
        Recorded recorded = record(change);
        if (recorded.mailQueued()) {
            mailbox.queued();
        }
        if (!recorded.newBooking()) {
            CustomerBooking stored = CustomerBooking.findById(change.bookingId(), LockModeType.PESSIMISTIC_WRITE);
            if (change.at().isBefore(stored.createdAt)) {
                stored.createdAt = change.at();
            }
            if (stored.waitlistOrder == null) {
                stored.waitlistOrder = change.waitlistOrder();
            }
            if (change.supersedes(stored)) {
                stored.status = change.status();
                stored.version = Math.max(stored.version, change.version());
                stored.updatedAt = change.at();
            }
        }
    }

    /** The stored booking, for events that lack the customer or the vaccine. */
    public Optional<CustomerBooking> booking(UUID bookingId) {
        return CustomerBooking.findByIdOptional(bookingId);
    }

    private record Recorded(boolean newBooking, boolean mailQueued) {
    }

    private Recorded record(BookingChange change) {
        return sql.first(RECORD, row -> new Recorded(row.getLong(1) == 1, row.getLong(2) == 1),
                change.bookingId(), change.customerId(), change.vaccineId(), change.status().name(), change.version(),
                change.at(), change.waitlistOrder(), change.eventId(), change.kind().name()).orElseThrow();
    }
}
