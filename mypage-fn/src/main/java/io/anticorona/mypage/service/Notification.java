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

/** One line of a customer's feed, one per event (the event id is the key). */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(name = "booking_id", nullable = false)
    public UUID bookingId;

    @Column(name = "vaccine_id", nullable = false)
    public Long vaccineId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NotificationKind kind;

    @Column(nullable = false)
    public OffsetDateTime at;
}
