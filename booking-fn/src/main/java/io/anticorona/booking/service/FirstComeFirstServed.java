package io.anticorona.booking.service;

import java.util.function.Supplier;

import io.anticorona.booking.client.ReservationOutcome;

/**
 * The waitlist is first come, first served: while anyone waits for a vaccine, a newcomer queues behind them and
 * takes no dose, even one that has just freed up (the promotion of the first waiter takes it).
 */
final class FirstComeFirstServed {

    private FirstComeFirstServed() {
    }

    /** The newcomer's outcome: SOLD_OUT (so it waits) without asking for a dose if others wait, else the reservation's. */
    static ReservationOutcome reserveUnlessOthersWait(boolean othersWaiting, Supplier<ReservationOutcome> reserveDose) {
        return othersWaiting ? ReservationOutcome.SOLD_OUT : reserveDose.get();
    }
}
