package io.anticorona.mypage.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.query.NativeQuery;

/**
 * Reads a customer's page; vaccine names are joined in here, so a name that arrives late still shows. Who may read
 * it: {@link PageAccess}.
 */
@ApplicationScoped
@Transactional
public class MyPageService {

    /**
     * The customer's bookings, newest first, each WAITING one with its place in line: the WAITING bookings of the
     * same vaccine ahead of it, plus one. Ahead means a smaller waitlist order (booking-fn's); a booking whose order no
     * event told (events from before it was carried) is compared by created_at instead.
     */
    private static final String BOOKINGS = """
            select b.booking_id, b.vaccine_id, v.name, b.status, b.updated_at,
                   case when b.status = 'WAITING' then
                       (select count(*) from customer_booking ahead
                        where ahead.vaccine_id = b.vaccine_id and ahead.status = 'WAITING'
                          and case when ahead.waitlist_order is not null and b.waitlist_order is not null
                                   then ahead.waitlist_order < b.waitlist_order
                                   else (ahead.created_at, ahead.booking_id) < (b.created_at, b.booking_id) end) + 1
                   end as waitlist_position
            from customer_booking b left join vaccine_name v on v.vaccine_id = b.vaccine_id
            where b.customer_id = ?1
            order by b.created_at desc, b.booking_id""";

    /**
     * One snapshot for both queries. Under READ COMMITTED each query sees its own, so a page read while an event
     * commits could tell the event's notification but show the booking's status from before it.
     */
    private static final String ONE_SNAPSHOT = "set transaction isolation level repeatable read, read only";

    private final PageAccess access;

    public MyPageService(PageAccess access) {
        this.access = access;
    }

    public MyPage of(String customerId) {
        access.check(customerId);
        return read(customerId);
    }

    /**
     * The page, without the caller's check: for a stream whose access was checked when it opened. Call it outside a
     * transaction: the snapshot must be the first statement of the one it starts.
     */
    public MyPage read(String customerId) {
        CustomerBooking.getEntityManager().createNativeQuery(ONE_SNAPSHOT).executeUpdate();
        NativeQuery<?> query = CustomerBooking.getEntityManager().createNativeQuery(BOOKINGS).unwrap(NativeQuery.class);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = (List<Object[]>) query.setParameter(1, customerId, String.class)
                .addScalar("booking_id", UUID.class)
                .addScalar("vaccine_id", Long.class)
                .addScalar("name", String.class)
                .addScalar("status", String.class)
                .addScalar("updated_at", OffsetDateTime.class)
                .addScalar("waitlist_position", Integer.class)
                .getResultList();
        List<MyPage.Booking> bookings = rows.stream().map(row -> new MyPage.Booking((UUID) row[0], (Long) row[1],
                (String) row[2], BookingStatus.valueOf((String) row[3]), (Integer) row[5], (OffsetDateTime) row[4]))
                .toList();
        List<MyPage.Line> notifications = Notification.getEntityManager().createQuery("""
                select n.eventId, n.at, n.kind, n.bookingId, n.vaccineId, v.name
                from Notification n left join VaccineName v on v.vaccineId = n.vaccineId
                where n.customerId = ?1
                order by n.at, n.seq""", Object[].class)
                .setParameter(1, customerId)
                .getResultStream()
                .map(MyPageService::line)
                .toList();
        return new MyPage(customerId, bookings, notifications);
    }

    private static MyPage.Line line(Object[] row) {
        NotificationKind kind = (NotificationKind) row[2];
        long vaccineId = (Long) row[4];
        String vaccineName = (String) row[5];
        return new MyPage.Line((UUID) row[0], (OffsetDateTime) row[1], kind, (UUID) row[3], vaccineId, vaccineName,
                kind.message(vaccineName, vaccineId));
    }
}
