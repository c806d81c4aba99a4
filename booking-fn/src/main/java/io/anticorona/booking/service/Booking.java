package io.anticorona.booking.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Transient;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@JsonPropertyOrder({ "id", "customerId", "vaccineId", "status", "waitlistPosition", "createdAt", "updatedAt" })
public class Booking extends PanacheEntityBase {

    @Id
    public UUID id;

    @JsonIgnore
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(name = "vaccine_id", nullable = false)
    public Long vaccineId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BookingStatus status;

    /**
     * A WAITING booking's place in its vaccine's line (1 is next), set when read ({@link BookingLedger}); never
     * stored, because it changes whenever someone ahead leaves the line. Absent from the JSON of other statuses.
     */
    @Transient
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Integer waitlistPosition;

    /** Grows with every status change, so that readers can drop stale events. */
    @JsonIgnore
    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    void moveTo(BookingStatus next) {
        status = next;
        version++;
        updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
