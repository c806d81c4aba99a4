package io.anticorona.vaccine.service;

import java.util.UUID;

/** Two reservations for one booking raced; this one lost and is rolled back, the winner's answer stands. */
public class ConcurrentReservationException extends RuntimeException {

    public ConcurrentReservationException(UUID bookingId) {
        super("Booking " + bookingId + " was reserved concurrently");
    }
}
