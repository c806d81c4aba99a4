package io.anticorona.vaccine.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.anticorona.common.outbox.Outbox;
import io.anticorona.common.problem.ProblemException;
import io.anticorona.common.sql.PlainSql;
import io.anticorona.vaccine.event.VaccineEvents.ReservationReleased;
import io.anticorona.vaccine.event.VaccineEvents.StockAdded;
import io.anticorona.vaccine.event.VaccineEvents.VaccineRegistered;
import io.anticorona.vaccine.service.Reservation.Status;
import io.quarkus.panache.common.Sort;

import static io.anticorona.vaccine.event.VaccineEvents.RESERVATION_RELEASED;
import static io.anticorona.vaccine.event.VaccineEvents.STOCK_ADDED;
import static io.anticorona.vaccine.event.VaccineEvents.VACCINE_REGISTERED;

@ApplicationScoped
@Transactional
public class VaccineService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(VaccineService.class);

    /** No vaccine may hold more doses than this, whatever is added to it. */
    public static final int MAX_STOCK = 1_000_000_000;

    /**
     * The whole reservation in one statement: take a dose only if one is available and the booking holds no
     * reservation yet, and record it for the booking. The row lock on the vaccine is held only from here to the
     * commit. Answers (dose taken, reservation recorded, its time), so nothing else needs to be read while the lock is
     * held, and a first reservation, the usual case, reads nothing else at all.
     */
    private static final String RESERVE_ONE_DOSE = """
            with taken as (
                update vaccine set reserved = reserved + 1
                where id = ?1 and stock - reserved >= 1
                  and not exists (select 1 from reservation where booking_id = ?2)
                returning id
            ), recorded as (
                insert into reservation (booking_id, vaccine_id, status, updated_at)
                select ?2, id, 'RESERVED', now() from taken
                on conflict (booking_id) do nothing
                returning updated_at
            )
            select (select count(*) from taken) as taken, (select count(*) from recorded) as recorded,
                   (select updated_at from recorded) as recorded_at""";

    /** What {@link #RESERVE_ONE_DOSE} answers. */
    private record Taken(boolean dose, boolean recorded, OffsetDateTime at) {
    }

    private final Outbox outbox;
    private final PlainSql sql;

    public VaccineService(Outbox outbox, PlainSql sql) {
        this.outbox = outbox;
        this.sql = sql;
    }

    public List<Vaccine> list() {
        return Vaccine.listAll(Sort.by("id"));
    }

    public Vaccine get(long id) {
        return Vaccine.<Vaccine> findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Vaccine", id));
    }

    public Vaccine register(String name, int stock) {
        if (Vaccine.findByName(name) != null) {
            throw ProblemException.conflict("vaccine-exists", "Vaccine exists", "A vaccine named '" + name.strip() + "' already exists");
        }
        Vaccine vaccine = new Vaccine();
        vaccine.name = name.strip();
        vaccine.stock = stock;
        vaccine.createdAt = now();
        vaccine.persistAndFlush();
        outbox.publish(vaccine.id, VACCINE_REGISTERED, new VaccineRegistered(vaccine.id, vaccine.name, vaccine.stock));
        return vaccine;
    }

    public Vaccine addStock(long id, int quantity) {
        int updated = Vaccine.update("stock = stock + ?1 where id = ?2 and stock + ?1 <= ?3", quantity, id, MAX_STOCK);
        Vaccine vaccine = get(id);
        if (updated == 0) {
            throw ProblemException.conflict("stock-limit", "Stock limit reached",
                    "Adding " + quantity + " would take the stock of vaccine " + id + " past " + MAX_STOCK);
        }
        Vaccine.getEntityManager().refresh(vaccine);
        outbox.publish(id, STOCK_ADDED, new StockAdded(id, quantity, vaccine.stock, vaccine.reserved, vaccine.available()));
        return vaccine;
    }

    private static boolean recordReleasedBeforeReserved(UUID bookingId, long vaccineId) {
        return Reservation.getEntityManager().createNativeQuery("""
                insert into reservation (booking_id, vaccine_id, status, updated_at)
                select ?1, id, 'RELEASED', now() from vaccine where id = ?2
                on conflict (booking_id) do nothing""")
                .setParameter(1, bookingId).setParameter(2, vaccineId).executeUpdate() == 1;
    }

    /**
     * Holds one dose for a booking with one conditional update, so concurrent callers can never reserve past the
     * stock. A booking that already holds its dose gets it again without a second reservation.
     */
    public Reservation reserve(long vaccineId, UUID bookingId) {
        Taken taken = sql.first(RESERVE_ONE_DOSE,
                row -> new Taken(row.getLong(1) == 1, row.getLong(2) == 1, row.getObject(3, OffsetDateTime.class)),
                vaccineId, bookingId).orElseThrow();
        if (taken.dose() && !taken.recorded()) {
            // The same booking reserved at the same moment and won; undo this dose (the rollback does).
            throw new ConcurrentReservationException(bookingId);
        }
        if (taken.dose()) {
            return Reservation.held(bookingId, vaccineId, taken.at());
        }
        Reservation existing = Reservation.findById(bookingId);
        if (existing != null) {
            return sameBookingAgain(existing, vaccineId);
        }
        get(vaccineId);
        throw ProblemException.conflict("sold-out", "Sold out", "Vaccine " + vaccineId + " has no dose left to reserve");
    }

    /**
     * Reserves doses for a batch of bookings of one vaccine in one transaction: the vaccine's row is locked, each
     * booking's answer decided by {@link DoseAllocation} (in order, while {@code stock - reserved >= 1}), and the
     * doses granted taken with one insert and one update. Answers by booking id, in the order asked.
     */
    public Map<UUID, String> reserveAll(long vaccineId, List<UUID> bookingIds) {
        if (bookingIds.size() == 1) {
            return Map.of(bookingIds.get(0), reserveOne(vaccineId, bookingIds.get(0)));
        }
        long available = sql.first("select stock - reserved from vaccine where id = ?1 for update",
                row -> row.getLong(1), vaccineId)
                .orElseThrow(() -> ProblemException.notFound("Vaccine", vaccineId));
        DoseAllocation allocation = DoseAllocation.of(vaccineId, available, bookingIds, earlier(bookingIds));
        List<UUID> granted = allocation.granted();
        if (!granted.isEmpty()) {
            int recorded = sql.update("""
                    insert into reservation (booking_id, vaccine_id, status, updated_at)
                    select unnest(cast(?1 as uuid[])), ?2, 'RESERVED', now()
                    on conflict (booking_id) do nothing""", PlainSql.array("uuid", granted), vaccineId);
            if (recorded != granted.size()) {
                // One of them was reserved for another vaccine at this moment; the rollback undoes the batch.
                throw new ConcurrentReservationException(granted.get(0));
            }
            if (sql.update("update vaccine set reserved = reserved + ?1 where id = ?2 and stock - reserved >= ?1",
                    granted.size(), vaccineId) != 1) {
                throw new IllegalStateException("Vaccine " + vaccineId + " lost doses while its row was locked");
            }
        }
        return allocation.results();
    }

    /**
     * A batch of one, the usual case under light load: the single reservation's one statement, instead of the
     * batch's four; the same rule and the same results.
     */
    private String reserveOne(long vaccineId, UUID bookingId) {
        try {
            reserve(vaccineId, bookingId);
            return DoseAllocation.RESERVED;
        } catch (ProblemException refused) {
            String type = refused.problem().type();
            for (String result : List.of(DoseAllocation.SOLD_OUT, DoseAllocation.RELEASED, DoseAllocation.MISMATCH)) {
                if (type.endsWith(":" + result)) {
                    return result;
                }
            }
            throw refused;
        }
    }

    private Map<UUID, DoseAllocation.Earlier> earlier(List<UUID> bookingIds) {
        Map<UUID, DoseAllocation.Earlier> earlier = new HashMap<>();
        sql.list("select booking_id, vaccine_id, status from reservation where booking_id = any(cast(?1 as uuid[]))",
                row -> earlier.put(row.getObject(1, UUID.class),
                        new DoseAllocation.Earlier(row.getLong(2), Status.valueOf(row.getString(3)))),
                PlainSql.array("uuid", bookingIds));
        return earlier;
    }

    /** The answer to a reservation whose booking already reserved, found after a concurrent duplicate lost the race. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Reservation existingReservation(long vaccineId, UUID bookingId) {
        Reservation existing = Reservation.findById(bookingId);
        if (existing == null) {
            throw new IllegalStateException("Reservation for booking " + bookingId + " vanished");
        }
        return sameBookingAgain(existing, vaccineId);
    }

    /**
     * Gives a booking's dose back, once: a cancelled booking, or one that was never completed. A release can overtake
     * its reservation (booking-fn gave up on a stock check still queued here): it is then recorded as released, so
     * that the late reservation is refused instead of holding a dose for a booking that no longer exists.
     */
    public void release(UUID bookingId, long vaccineId) {
        Reservation reservation = Reservation.findById(bookingId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (reservation == null && recordReleasedBeforeReserved(bookingId, vaccineId)) {
            return;
        }
        if (reservation == null) {
            // A reservation committed between the look-up and the insert: release it like any other.
            reservation = Reservation.findById(bookingId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        }
        if (reservation == null || reservation.status != Status.RESERVED) {
            return;
        }
        reservation.status = Status.RELEASED;
        reservation.updatedAt = now();
        Vaccine.update("reserved = reserved - 1 where id = ?1", reservation.vaccineId);
        Vaccine vaccine = get(reservation.vaccineId);
        Vaccine.getEntityManager().refresh(vaccine);
        outbox.publish(vaccine.id, RESERVATION_RELEASED, new ReservationReleased(vaccine.id, bookingId, vaccine.available()));
    }

    /**
     * The dose was injected: it leaves both the stock and the reserved count. If the booking's cancellation crossed
     * the injection, its dose was already released; it still left the stock, as long as no reservation needs it.
     */
    public void administer(UUID bookingId) {
        Reservation reservation = Reservation.findById(bookingId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (reservation == null || reservation.status == Status.ADMINISTERED) {
            return;
        }
        if (reservation.status == Status.RESERVED) {
            Vaccine.update("stock = stock - 1, reserved = reserved - 1 where id = ?1", reservation.vaccineId);
        } else if (Vaccine.update("stock = stock - 1 where id = ?1 and stock - 1 >= reserved", reservation.vaccineId) == 0) {
            LOG.warnf("Booking %s was injected after its dose was released and re-reserved: vaccine %d's stock is one too high",
                    bookingId, reservation.vaccineId);
        }
        reservation.status = Status.ADMINISTERED;
        reservation.updatedAt = now();
    }

    private static Reservation sameBookingAgain(Reservation existing, long vaccineId) {
        if (existing.vaccineId != vaccineId) {
            throw ProblemException.conflict("reservation-mismatch", "Booking reserved another vaccine",
                    "Booking " + existing.bookingId + " holds a reservation for vaccine " + existing.vaccineId);
        }
        if (existing.status == Status.RELEASED) {
            throw ProblemException.conflict("reservation-released", "Reservation released",
                    "The reservation of booking " + existing.bookingId + " was released and cannot be renewed");
        }
        return existing;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
