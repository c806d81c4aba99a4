package io.anticorona.mypage.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events come late, twice or out of order: which one may replace the status My Page shows. */
class BookingChangeTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2021-06-01T09:00:00Z");

    @Test
    void aNewerVersionReplacesTheStoredStatus() {
        assertTrue(change(BookingStatus.CANCELLED, 2).supersedes(stored(BookingStatus.BOOKED, 1)));
    }

    @Test
    void aStaleOrRepeatedVersionChangesNothing() {
        assertFalse(change(BookingStatus.BOOKED, 1).supersedes(stored(BookingStatus.CANCELLED, 2)),
                "a confirmation arriving after the cancellation");
        assertFalse(change(BookingStatus.CANCELLED, 2).supersedes(stored(BookingStatus.CANCELLED, 2)));
    }

    @Test
    void anInjectionWinsWhateverItsVersion() {
        assertTrue(change(BookingStatus.INJECTED, 0).supersedes(stored(BookingStatus.BOOKED, 3)));
        assertTrue(change(BookingStatus.INJECTED, 0).supersedes(stored(BookingStatus.CANCELLED, 4)),
                "an injection that crossed a cancellation is still a fact");
    }

    @Test
    void nothingReplacesAnInjection() {
        assertFalse(change(BookingStatus.CANCELLED, 9).supersedes(stored(BookingStatus.INJECTED, 2)));
        assertFalse(change(BookingStatus.INJECTED, 0).supersedes(stored(BookingStatus.INJECTED, 2)));
    }

    private static BookingChange change(BookingStatus status, int version) {
        return new BookingChange(UUID.randomUUID(), UUID.randomUUID(), "c-1", 1L, status, version, AT,
                NotificationKind.values()[0], null);
    }

    private static CustomerBooking stored(BookingStatus status, int version) {
        CustomerBooking stored = new CustomerBooking();
        stored.status = status;
        stored.version = version;
        return stored;
    }
}
