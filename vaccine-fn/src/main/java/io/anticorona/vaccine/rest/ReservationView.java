package io.anticorona.vaccine.rest;

import java.util.UUID;

import io.anticorona.vaccine.service.Reservation;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Returned inside a Response, which Quarkus cannot see through: registered for Jackson in a native executable. */
@RegisterForReflection
public record ReservationView(UUID bookingId, long vaccineId, String status) {

    static ReservationView of(Reservation reservation) {
        return new ReservationView(reservation.bookingId, reservation.vaccineId, reservation.status.name());
    }
}
