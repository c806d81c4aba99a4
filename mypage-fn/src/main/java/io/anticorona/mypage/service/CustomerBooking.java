package io.anticorona.mypage.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A booking as its customer sees it, from the latest event that may change it. */
@Entity
@Table(name = "customer_booking")
public class CustomerBooking extends PanacheEntityBase {

    @Id
    @Column(name = "booking_id")
    public UUID bookingId;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(name = "vaccine_id", nullable = false)
    public Long vaccineId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BookingStatus status;

    /** The booking's version from the last booking event applied. */
    @Column(nullable = false)
    public int version;

    /** The booking's place in the waitlist order (booking-fn's seq), once a BookingWaitlisted event told it. */
    @Column(name = "waitlist_order")
    public Long waitlistOrder;

    /** The earliest event time seen: about when the booking was made. */
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
