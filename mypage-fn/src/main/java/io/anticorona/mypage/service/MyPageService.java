package io.anticorona.mypage.service;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Reads a customer's page; vaccine names are joined in here, so a name that arrives late still shows. Who may read
 * it: {@link PageAccess}.
 */
@ApplicationScoped
@Transactional
public class MyPageService {

    private final PageAccess access;

    public MyPageService(PageAccess access) {
        this.access = access;
    }

    public MyPage of(String customerId) {
        access.check(customerId);
        List<MyPage.Booking> bookings = CustomerBooking.getEntityManager().createQuery("""
                select b.bookingId, b.vaccineId, v.name, b.status, b.updatedAt
                from CustomerBooking b left join VaccineName v on v.vaccineId = b.vaccineId
                where b.customerId = ?1
                order by b.createdAt desc, b.bookingId""", MyPage.Booking.class)
                .setParameter(1, customerId)
                .getResultList();
        List<MyPage.Line> notifications = Notification.getEntityManager().createQuery("""
                select n.kind, n.vaccineId, v.name, n.at
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
        NotificationKind kind = (NotificationKind) row[0];
        long vaccineId = (Long) row[1];
        String vaccineName = (String) row[2];
        return new MyPage.Line((OffsetDateTime) row[3], kind.message(vaccineName, vaccineId));
    }
}
