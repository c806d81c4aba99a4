package io.anticorona.vaccine.rest;

import java.util.UUID;

import io.anticorona.vaccine.service.Reservation;

public record ReservationView(UUID bookingId, long vaccineId, String status) {

    static ReservationView of(Reservation reservation) {
        return new ReservationView(reservation.bookingId, reservation.vaccineId, reservation.status.name());
    }
}
