package io.anticorona.booking.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookingStatusTest {

    @Test
    void anInjectionTurnsABookedBookingInjected() {
        assertTrue(BookingStatus.BOOKED.becomesInjected());
    }

    @Test
    void anInjectionWinsOverACancellationThatCrossedIt() {
        assertTrue(BookingStatus.CANCELLED.becomesInjected());
    }

    @Test
    void anInjectionChangesNothingForAWaitingPendingOrAlreadyInjectedBooking() {
        assertFalse(BookingStatus.WAITING.becomesInjected());
        assertFalse(BookingStatus.PENDING.becomesInjected());
        assertFalse(BookingStatus.INJECTED.becomesInjected(), "a repeat");
    }
}
