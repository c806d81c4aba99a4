package io.anticorona.injection.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.anticorona.common.outbox.Outbox;
import io.anticorona.common.problem.ProblemException;
import io.anticorona.common.sql.PlainSql;
import io.anticorona.injection.event.InjectionEvents.BookingCancelled;
import io.anticorona.injection.event.InjectionEvents.BookingConfirmed;
import io.anticorona.injection.event.InjectionEvents.InjectionCompleted;
import io.quarkus.panache.common.Sort;

import static io.anticorona.injection.event.InjectionEvents.INJECTION_COMPLETED;

/**
 * The worklist. Booking events may arrive late, twice or out of order: each row keeps the version of the last booking
 * event applied, an older event changes nothing, and INJECTED is final.
 */
@ApplicationScoped
@Transactional
public class InjectionService {

    private static final String INSERT = """
            insert into injection (booking_id, customer_id, vaccine_id, status, version, confirmed_at)
            values (?1, ?2, ?3, ?4, ?5, ?6)
            on conflict (booking_id) do nothing""";

    private final Outbox outbox;
    private final PlainSql sql;

    public InjectionService(Outbox outbox, PlainSql sql) {
        this.outbox = outbox;
        this.sql = sql;
    }

    /** Only entries of confirmed bookings are listed, so tombstones of never-confirmed bookings stay hidden. */
    public List<Injection> list(InjectionStatus status) {
        return Injection.list("status = ?1 and confirmedAt is not null", Sort.by("confirmedAt").and("seq"), status);
    }

    public void confirmed(BookingConfirmed event) {
        if (insert(event.bookingId(), event.customerId(), event.vaccineId(), InjectionStatus.READY, event.version(),
                event.at())) {
            return;
        }
        Injection entry = lock(event.bookingId());
        if (entry.confirmedAt == null) {
            // A confirmation that lost the race with its cancellation: the booking was confirmed once, even so.
            entry.confirmedAt = event.at();
        }
        if (entry.status == InjectionStatus.INJECTED || event.version() <= entry.version) {
            return;
        }
        entry.status = InjectionStatus.READY;
        entry.version = event.version();
        entry.confirmedAt = event.at();
    }

    /** An unknown booking gets a CANCELLED tombstone, so that a late confirmation cannot put it on the worklist. */
    public void cancelled(BookingCancelled event) {
        if (insert(event.bookingId(), event.customerId(), event.vaccineId(), InjectionStatus.CANCELLED, event.version(),
                null)) {
            return;
        }
        Injection entry = lock(event.bookingId());
        if (entry.status == InjectionStatus.INJECTED || event.version() <= entry.version) {
            return;
        }
        entry.status = InjectionStatus.CANCELLED;
        entry.version = event.version();
    }

    /** Marks the injection done and writes InjectionCompleted with it; a repeat answers the same entry, no new event. */
    public Injection complete(UUID bookingId) {
        Injection entry = Injection.<Injection> findByIdOptional(bookingId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("Confirmed booking", bookingId));
        switch (entry.status) {
            case CANCELLED -> throw ProblemException.conflict("booking-cancelled", "Booking cancelled",
                    "Booking " + bookingId + " was cancelled and cannot be injected");
            case INJECTED -> {
                return entry;
            }
            case READY -> {
                entry.status = InjectionStatus.INJECTED;
                entry.injectedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                outbox.publish(bookingId, INJECTION_COMPLETED,
                        new InjectionCompleted(bookingId, entry.customerId, entry.vaccineId, entry.injectedAt));
                return entry;
            }
            default -> throw new IllegalStateException("Unknown status " + entry.status);
        }
    }

    /** True if this booking was new and is now stored as given; false if a row existed (it is left alone). */
    private boolean insert(UUID bookingId, String customerId, Long vaccineId, InjectionStatus status, int version,
            OffsetDateTime confirmedAt) {
        // confirmedAt is null for a tombstone
        return sql.update(INSERT, bookingId, customerId, vaccineId, status.name(), version, confirmedAt) == 1;
    }

    private static Injection lock(UUID bookingId) {
        return Injection.findById(bookingId, LockModeType.PESSIMISTIC_WRITE);
    }
}
