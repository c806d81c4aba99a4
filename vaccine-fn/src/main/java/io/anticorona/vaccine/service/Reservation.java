package io.anticorona.vaccine.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One dose held for one booking; the booking id makes a retried reservation harmless. */
@Entity
public class Reservation extends PanacheEntityBase {

    public enum Status {
        RESERVED,
        RELEASED,
        ADMINISTERED
    }

    @Id
    @Column(name = "booking_id")
    public UUID bookingId;

    @Column(name = "vaccine_id", nullable = false)
    public Long vaccineId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** The reservation just recorded, as stored, without reading it back. */
    static Reservation held(UUID bookingId, long vaccineId, OffsetDateTime at) {
        Reservation reservation = new Reservation();
        reservation.bookingId = bookingId;
        reservation.vaccineId = vaccineId;
        reservation.status = Status.RESERVED;
        reservation.updatedAt = at;
        return reservation;
    }
}
