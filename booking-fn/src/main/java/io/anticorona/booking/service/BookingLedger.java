package io.anticorona.booking.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.anticorona.booking.event.BookingEvents.BookingAbandoned;
import io.anticorona.booking.event.BookingEvents.BookingCancelled;
import io.anticorona.booking.event.BookingEvents.BookingConfirmed;
import io.anticorona.booking.event.BookingEvents.BookingWaitlisted;
import io.anticorona.common.outbox.Outbox;
import io.anticorona.common.problem.ProblemException;
import io.anticorona.common.sql.PlainSql;
import io.quarkus.panache.common.Sort;

import static io.anticorona.booking.event.BookingEvents.BOOKING_ABANDONED;
import static io.anticorona.booking.event.BookingEvents.BOOKING_CANCELLED;
import static io.anticorona.booking.event.BookingEvents.BOOKING_CONFIRMED;
import static io.anticorona.booking.event.BookingEvents.BOOKING_WAITLISTED;

/** Every state change of a booking, each in one transaction together with its outbox event. */
@ApplicationScoped
@Transactional
public class BookingLedger {

    /** Inserts the PENDING booking and answers (rows inserted, anyone WAITING for the vaccine): one round trip. */
    private static final String OPEN_PENDING = """
            with opened as (
                insert into booking (id, customer_id, vaccine_id, status, created_at, updated_at)
                values (?1, ?2, ?3, 'PENDING', now(), now())
                on conflict (customer_id) where status in ('PENDING', 'BOOKED', 'WAITING') do nothing
                returning id
            )
            select (select count(*) from opened),
                   exists (select 1 from booking where vaccine_id = ?3 and status = 'WAITING')""";

    /**
     * The place in line of the given bookings that are WAITING: those of the same vaccine ahead of each (smaller
     * seq), plus one. One statement for any number of bookings, each count served by booking_waitlist_idx; the
     * literal 'WAITING' (not a parameter) lets PostgreSQL match that partial index also in a generic plan.
     */
    private static final String PLACES_IN_LINE = """
            select b.id,
                   (select count(*) from booking ahead
                    where ahead.vaccine_id = b.vaccine_id and ahead.status = 'WAITING' and ahead.seq < b.seq) + 1
            from booking b
            where b.id in (?1) and b.status = 'WAITING'""";

    /**
     * BOOKED, as {@link Booking#moveTo} would make it (a new version, the time of the change), without loading the
     * booking first: the update takes the row lock, and answers what the event and the reply need.
     */
    private static final String CONFIRM = """
            update booking set status = 'BOOKED', version = version + 1, updated_at = ?2
            where id = ?1
            returning customer_id, vaccine_id, version, created_at""";

    private static final String WAITLISTS = """
            select vaccine_id, count(*) from booking where status = 'WAITING' group by vaccine_id order by vaccine_id""";

    private final Outbox outbox;
    private final PlainSql sql;

    public BookingLedger(Outbox outbox, PlainSql sql) {
        this.outbox = outbox;
        this.sql = sql;
    }

    /** A PENDING booking just opened, and whether older customers were already waiting for its vaccine. */
    public record Opened(UUID id, long vaccineId, boolean othersWaiting) {
    }

    /**
     * Opens a PENDING booking, unless the customer already holds an active one (the partial unique index decides,
     * so two concurrent requests of one customer cannot both pass), and tells in the same statement whether others
     * wait for the vaccine. With an Idempotency-Key, claims it in the same transaction; returns empty if another
     * request claimed that key first.
     */
    public Optional<Opened> open(String customerId, long vaccineId, String idempotencyKey) {
        UUID id = UUID.randomUUID();
        if (idempotencyKey != null && !claim(idempotencyKey, id, customerId, vaccineId)) {
            return Optional.empty();
        }
        boolean[] outcome = sql.first(OPEN_PENDING, row -> new boolean[] { row.getLong(1) == 1, row.getBoolean(2) },
                id, customerId, vaccineId).orElseThrow();
        if (!outcome[0]) {
            throw activeBookingConflict(customerId);
        }
        return Optional.of(new Opened(id, vaccineId, outcome[1]));
    }

    private static ProblemException activeBookingConflict(String customerId) {
        boolean inProgress = Booking.count("customerId = ?1 and status = ?2", customerId, BookingStatus.PENDING) > 0;
        if (inProgress) {
            // The client's own duplicate, not a server failure: a conflict that ends when the first request is answered.
            return ProblemException.conflict("booking-in-progress", "Booking in progress",
                    "An earlier booking request of customer " + customerId + " is still being settled; retry shortly");
        }
        return ProblemException.conflict("already-booked", "Already booked",
                "Customer " + customerId + " already holds a booked or waiting booking");
    }

    /** PENDING bookings older than the cutoff: their request died between the stock check and settling. */
    public List<UUID> stalePending(OffsetDateTime cutoff) {
        return Booking.getEntityManager().createQuery(
                "select b.id from Booking b where b.status = ?1 and b.createdAt < ?2", UUID.class)
                .setParameter(1, BookingStatus.PENDING).setParameter(2, cutoff)
                .getResultList();
    }

    public Booking confirm(UUID id, boolean promoted) {
        Booking booking = booked(id);
        outbox.publish(id, BOOKING_CONFIRMED, new BookingConfirmed(id, booking.customerId, booking.vaccineId, promoted,
                booking.version, booking.updatedAt));
        return booking;
    }

    public Booking waitlist(UUID id) {
        Booking booking = lock(id);
        booking.moveTo(BookingStatus.WAITING);
        outbox.publish(id, BOOKING_WAITLISTED, new BookingWaitlisted(id, booking.customerId, booking.vaccineId,
                booking.seq, booking.version, booking.updatedAt));
        Booking.flush();
        return placeInLine(booking);
    }

    /** Forgets a booking that was never made; vaccine-fn frees its dose if the reservation did get through. */
    public void abandon(UUID id, boolean mayHoldDose) {
        Booking booking = Booking.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (booking == null || booking.status != BookingStatus.PENDING) {
            return;
        }
        IdempotencyRecord.delete("bookingId", id);
        booking.delete();
        if (mayHoldDose) {
            outbox.publish(id, BOOKING_ABANDONED, new BookingAbandoned(id, booking.vaccineId));
        }
    }

    /** Cancels a booking of {@code owner} (any customer's if null); someone else's is not found. */
    public Booking cancel(UUID id, String owner) {
        Booking booking = visible(Booking.<Booking> findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE), id, owner);
        switch (booking.status) {
            case CANCELLED -> {
                return booking;
            }
            case INJECTED -> throw ProblemException.conflict("already-injected", "Already injected",
                    "Booking " + id + " was injected and can no longer be cancelled");
            default -> {
                BookingStatus previous = booking.status;
                booking.moveTo(BookingStatus.CANCELLED);
                outbox.publish(id, BOOKING_CANCELLED, new BookingCancelled(id, booking.customerId, booking.vaccineId,
                        previous.name(), booking.version, booking.updatedAt));
                return booking;
            }
        }
    }

    /**
     * The injection was done: the booking becomes INJECTED. That is a fact, so it also wins over a cancellation
     * that crossed it (cancelled here before injection-fn heard of it). Repeats change nothing.
     */
    public void markInjected(UUID id) {
        Booking.<Booking> findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .filter(booking -> booking.status.becomesInjected())
                .ifPresent(booking -> booking.moveTo(BookingStatus.INJECTED));
    }

    public Booking get(UUID id, String owner) {
        return placeInLine(visible(Booking.findByIdOptional(id), id, owner));
    }

    public List<Booking> ofCustomer(String customerId) {
        List<Booking> bookings = Booking.list("customerId = ?1 and status <> ?2", Sort.descending("seq"), customerId,
                BookingStatus.PENDING);
        placeInLine(bookings);
        return bookings;
    }

    /** Every vaccine with someone waiting, and how many wait. */
    public List<Waitlist> waitlists() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Booking.getEntityManager().createNativeQuery(WAITLISTS).getResultList();
        return rows.stream().map(row -> new Waitlist(((Number) row[0]).longValue(), ((Number) row[1]).longValue())).toList();
    }

    private static Booking placeInLine(Booking booking) {
        placeInLine(List.of(booking));
        return booking;
    }

    /** Sets waitlistPosition on the WAITING ones, current as of this transaction; no query if none waits. */
    private static void placeInLine(List<Booking> bookings) {
        Map<UUID, Booking> waiting = new HashMap<>();
        for (Booking booking : bookings) {
            if (booking.status == BookingStatus.WAITING) {
                waiting.put(booking.id, booking);
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Booking.getEntityManager().createNativeQuery(PLACES_IN_LINE)
                .setParameter(1, waiting.keySet()).getResultList();
        for (Object[] row : rows) {
            waiting.get(UUID.fromString(row[0].toString())).waitlistPosition = ((Number) row[1]).intValue();
        }
    }

    public Optional<IdempotencyRecord> idempotencyRecord(String key) {
        return IdempotencyRecord.findByIdOptional(key);
    }

    private boolean claim(String key, UUID bookingId, String customerId, long vaccineId) {
        return sql.update("""
                insert into idempotency_record (key, customer_id, vaccine_id, booking_id)
                values (?1, ?2, ?3, ?4) on conflict (key) do nothing""", key, customerId, vaccineId, bookingId) == 1;
    }

    public void remember(String key, int status, String body) {
        IdempotencyRecord record = IdempotencyRecord.findById(key);
        record.responseStatus = status;
        record.responseBody = body;
    }

    /** Runs {@link #CONFIRM}; the booking it answers is not managed (nothing else of it changes here). */
    private Booking booked(UUID id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return sql.first(CONFIRM, row -> {
            Booking booking = new Booking();
            booking.id = id;
            booking.customerId = row.getString(1);
            booking.vaccineId = row.getLong(2);
            booking.status = BookingStatus.BOOKED;
            booking.version = row.getInt(3);
            booking.createdAt = row.getObject(4, OffsetDateTime.class);
            booking.updatedAt = now;
            return booking;
        }, id, now).orElseThrow(() -> ProblemException.notFound("Booking", id));
    }

    private static Booking lock(UUID id) {
        return Booking.<Booking> findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("Booking", id));
    }

    private static Booking visible(Optional<Booking> booking, UUID id, String owner) {
        return booking.filter(b -> b.status != BookingStatus.PENDING)
                .filter(b -> owner == null || owner.equals(b.customerId))
                .orElseThrow(() -> ProblemException.notFound("Booking", id));
    }
}
