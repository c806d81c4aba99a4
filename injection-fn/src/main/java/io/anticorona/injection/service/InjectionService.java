package io.anticorona.injection.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.hibernate.query.NativeQuery;

import io.anticorona.common.outbox.Outbox;
import io.anticorona.common.problem.ProblemException;
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

    public InjectionService(Outbox outbox) {
        this.outbox = outbox;
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
    private static boolean insert(UUID bookingId, String customerId, Long vaccineId, InjectionStatus status, int version,
            OffsetDateTime confirmedAt) {
        NativeQuery<?> insert = Injection.getEntityManager().createNativeQuery(INSERT).unwrap(NativeQuery.class);
        return insert.setParameter(1, bookingId, UUID.class)
                .setParameter(2, customerId, String.class)
                .setParameter(3, vaccineId, Long.class)
                .setParameter(4, status.name(), String.class)
                .setParameter(5, version, Integer.class)
                .setParameter(6, confirmedAt, OffsetDateTime.class) // null for a tombstone
                .executeUpdate() == 1;
    }

    private static Injection lock(UUID bookingId) {
        return Injection.findById(bookingId, LockModeType.PESSIMISTIC_WRITE);
    }
}
