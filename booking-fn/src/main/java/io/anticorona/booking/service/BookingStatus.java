package io.anticorona.booking.service;

public enum BookingStatus {
    /** Internal: the stock check is running. Never shown to customers. */
    PENDING,
    BOOKED,
    WAITING,
    CANCELLED,
    INJECTED;

    /**
     * Whether an injection makes a booking in this status INJECTED: a BOOKED one, and a CANCELLED one too, because
     * the injection is a fact that a cancellation crossing it cannot undo. A repeat (INJECTED) changes nothing.
     */
    boolean becomesInjected() {
        return this == BOOKED || this == CANCELLED;
    }
}
