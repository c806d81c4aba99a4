package io.anticorona.booking.service;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.anticorona.booking.client.ReservationOutcome;

import static io.anticorona.booking.service.FirstComeFirstServed.reserveUnlessOthersWait;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FirstComeFirstServedTest {

    private final AtomicInteger reservations = new AtomicInteger();

    @Test
    void aNewcomerQueuesBehindExistingWaitersWithoutTakingADose() {
        assertEquals(ReservationOutcome.SOLD_OUT, reserveUnlessOthersWait(true, reserving(ReservationOutcome.RESERVED)));
        assertEquals(0, reservations.get(), "no dose was asked for");
    }

    @Test
    void aNewcomerTakesADoseWhenNobodyWaits() {
        assertEquals(ReservationOutcome.RESERVED, reserveUnlessOthersWait(false, reserving(ReservationOutcome.RESERVED)));
        assertEquals(1, reservations.get());
    }

    @Test
    void aNewcomerWaitsFirstInLineWhenNobodyWaitsAndTheVaccineIsSoldOut() {
        assertEquals(ReservationOutcome.SOLD_OUT, reserveUnlessOthersWait(false, reserving(ReservationOutcome.SOLD_OUT)));
        assertEquals(1, reservations.get());
    }

    @Test
    void aFailedStockCheckIsPassedOnOnlyWhenNobodyWaits() {
        for (ReservationOutcome failure : new ReservationOutcome[] { ReservationOutcome.UNAVAILABLE,
                ReservationOutcome.CIRCUIT_OPEN }) {
            assertEquals(failure, reserveUnlessOthersWait(false, reserving(failure)));
            assertEquals(ReservationOutcome.SOLD_OUT, reserveUnlessOthersWait(true, reserving(failure)),
                    "behind waiters the stock check is not asked, so it cannot fail");
        }
    }

    private Supplier<ReservationOutcome> reserving(ReservationOutcome outcome) {
        return () -> {
            reservations.incrementAndGet();
            return outcome;
        };
    }
}
