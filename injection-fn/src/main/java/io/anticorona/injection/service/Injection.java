package io.anticorona.injection.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One booking on the injection worklist. A CANCELLED row without {@code confirmedAt} is a tombstone. */
@Entity
@Table(name = "injection")
public class Injection extends PanacheEntityBase {

    @Id
    @Column(name = "booking_id")
    public UUID bookingId;

    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(name = "vaccine_id", nullable = false)
    public Long vaccineId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InjectionStatus status;

    /** The booking's version from the last event applied. */
    @Column(nullable = false)
    public int version;

    @Column(name = "confirmed_at")
    public OffsetDateTime confirmedAt;

    @Column(name = "injected_at")
    public OffsetDateTime injectedAt;
}
