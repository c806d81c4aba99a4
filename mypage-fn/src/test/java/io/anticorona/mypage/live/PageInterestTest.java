package io.anticorona.mypage.live;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.anticorona.mypage.service.BookingStatus;
import io.anticorona.mypage.service.MyPage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which announced changes make an open page read itself again. */
class PageInterestTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2021-06-01T09:00:00Z");

    @Test
    void theCustomersOwnChangesAndEverythingAlwaysConcernThePage() {
        PageInterest interest = new PageInterest("bob");
        assertTrue(interest.concerns(PageChange.EVERYTHING));
        assertTrue(interest.concerns(new PageChange("bob", 7L)));
        assertFalse(interest.concerns(new PageChange("alice", 7L)));
    }

    @Test
    void anotherCustomersChangeConcernsThePageOnlyForAWaitlistItIsIn() {
        PageInterest interest = new PageInterest("bob");
        interest.saw(page(booking(7L, BookingStatus.WAITING), booking(8L, BookingStatus.CANCELLED)));
        assertTrue(interest.concerns(new PageChange("alice", 7L)));
        assertFalse(interest.concerns(new PageChange("alice", 8L)));

        // Once promoted, bob is in no line any more.
        interest.saw(page(booking(7L, BookingStatus.BOOKED)));
        assertFalse(interest.concerns(new PageChange("alice", 7L)));
    }

    @Test
    void aVaccinesNewNameConcernsEveryPageThatShowsIt() {
        PageInterest interest = new PageInterest("bob");
        interest.saw(page(booking(8L, BookingStatus.CANCELLED)));
        assertTrue(interest.concerns(new PageChange(null, 8L)));
        assertFalse(interest.concerns(new PageChange(null, 9L)));
    }

    private static MyPage page(MyPage.Booking... bookings) {
        return new MyPage("bob", List.of(bookings), List.of());
    }

    private static MyPage.Booking booking(long vaccineId, BookingStatus status) {
        return new MyPage.Booking(UUID.randomUUID(), vaccineId, null, status, status == BookingStatus.WAITING ? 1 : null, AT);
    }
}
