package io.anticorona.mypage.live;

import java.util.Set;
import java.util.stream.Collectors;

import io.anticorona.mypage.service.BookingStatus;
import io.anticorona.mypage.service.MyPage;

/**
 * Which changes concern one open page: its customer's own, the waitlists the customer is in (someone ahead left the
 * line), and a name of a vaccine the page shows. Updated from every page read, so it follows the customer's bookings.
 */
final class PageInterest {

    private final String customerId;
    private volatile Set<Long> waitingFor = Set.of();
    private volatile Set<Long> shown = Set.of();

    PageInterest(String customerId) {
        this.customerId = customerId;
    }

    boolean concerns(PageChange change) {
        if (change.everything() || customerId.equals(change.customerId())) {
            return true;
        }
        Long vaccineId = change.vaccineId();
        return vaccineId != null && (waitingFor.contains(vaccineId) || change.customerId() == null && shown.contains(vaccineId));
    }

    /** Remembers what the page just read shows. */
    MyPage saw(MyPage page) {
        waitingFor = page.bookings().stream().filter(b -> b.status() == BookingStatus.WAITING)
                .map(MyPage.Booking::vaccineId).collect(Collectors.toUnmodifiableSet());
        shown = page.bookings().stream().map(MyPage.Booking::vaccineId).collect(Collectors.toUnmodifiableSet());
        return page;
    }
}
