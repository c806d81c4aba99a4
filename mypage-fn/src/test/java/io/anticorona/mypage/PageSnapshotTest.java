package io.anticorona.mypage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.anticorona.mypage.service.BookingChange;
import io.anticorona.mypage.service.BookingStatus;
import io.anticorona.mypage.service.CustomerSettings;
import io.anticorona.mypage.service.MyPage;
import io.anticorona.mypage.service.MyPageProjection;
import io.anticorona.mypage.service.MyPageService;
import io.anticorona.mypage.service.NotificationKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.mypage.Events.T0;
import static io.anticorona.mypage.Events.newCustomer;
import static io.anticorona.mypage.Events.newVaccineId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page is read from one snapshot: an event that commits during the read shows wholly or not at all. */
@QuarkusTest
class PageSnapshotTest {

    private static final int INJECTIONS = 150;

    @Inject
    MyPageProjection projection;

    @Inject
    MyPageService pages;

    @Test
    void aPageReadWhileEventsCommitNeverShowsANotificationWithoutItsStatus() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        noMails(customer);
        List<UUID> bookings = new ArrayList<>();
        for (int i = 0; i < INJECTIONS; i++) {
            UUID booking = UUID.randomUUID();
            bookings.add(booking);
            projection.bookingChanged(change(booking, customer, vaccine, BookingStatus.BOOKED, 2, NotificationKind.CONFIRMED));
        }

        CompletableFuture<Void> injections = CompletableFuture.runAsync(() -> bookings.forEach(booking -> projection
                .bookingChanged(change(booking, customer, vaccine, BookingStatus.INJECTED, 0, NotificationKind.INJECTED))));
        int reads = 0;
        while (!injections.isDone() || reads == 0) {
            assertConsistent(pages.read(customer));
            reads++;
        }
        injections.join();

        MyPage last = pages.read(customer);
        assertConsistent(last);
        assertEquals(2 * INJECTIONS, last.notifications().size());
        assertTrue(last.bookings().stream().allMatch(b -> b.status() == BookingStatus.INJECTED));
    }

    /** Every booking whose injection notification shows is INJECTED, and every INJECTED one has its notification. */
    private static void assertConsistent(MyPage page) {
        List<UUID> told = page.notifications().stream().filter(line -> line.kind() == NotificationKind.INJECTED)
                .map(MyPage.Line::bookingId).sorted().toList();
        List<UUID> injected = page.bookings().stream().filter(b -> b.status() == BookingStatus.INJECTED)
                .map(MyPage.Booking::bookingId).sorted().toList();
        assertEquals(told, injected, "bookings told as injected vs bookings with status INJECTED, in one read");
    }

    /** The 300 notifications queue no mails for the sender to work through while other tests wait for theirs. */
    private static void noMails(String customer) {
        QuarkusTransaction.requiringNew().run(() -> {
            CustomerSettings settings = new CustomerSettings();
            settings.customerId = customer;
            settings.emails = false;
            settings.persist();
        });
    }

    private static BookingChange change(UUID booking, String customer, long vaccine, BookingStatus status, int version,
            NotificationKind kind) {
        return new BookingChange(UUID.randomUUID(), booking, customer, vaccine, status, version, T0, kind, null);
    }
}
