package io.anticorona.booking.client;

public enum ReservationOutcome {
    /** A dose is held for the booking. */
    RESERVED,
    /** No dose is left: the booking waits. Not a failure. */
    SOLD_OUT,
    /** Recent stock checks failed, so the circuit is open: shed at once without calling vaccine-fn. */
    CIRCUIT_OPEN,
    /** The stock check failed or timed out: nobody knows whether a dose is held. */
    UNAVAILABLE;

    public boolean failed() {
        return this != RESERVED && this != SOLD_OUT;
    }
}
