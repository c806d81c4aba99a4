package io.anticorona.mypage.service;

import io.anticorona.common.problem.ProblemException;
import io.anticorona.common.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Reads a customer's page; vaccine names are joined in here, so a name that arrives late still shows. A customer
 * reads only their own page (their username is their customerId); a booking agent reads anyone's. Every customerId
 * has a page (empty at first), so refusing another's with 403 reveals nothing.
 */
@ApplicationScoped
@Transactional
public class MyPageService {

    private final SecurityIdentity caller;

    public MyPageService(SecurityIdentity caller) {
        this.caller = caller;
    }

    public MyPage of(String customerId) {
        if (!caller.hasRole(Roles.BOOKING_AGENT) && !customerId.equals(caller.getPrincipal().getName())) {
            throw new ProblemException(403, "not-your-page", "Not your page", "A customer reads only their own My Page");
        }
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
