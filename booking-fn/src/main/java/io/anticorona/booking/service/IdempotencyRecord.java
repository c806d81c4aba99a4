package io.anticorona.booking.service;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The first answer given to an Idempotency-Key, replayed to every repeat. */
@Entity
@Table(name = "idempotency_record")
public class IdempotencyRecord extends PanacheEntityBase {

    @Id
    public String key;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(name = "vaccine_id", nullable = false)
    public Long vaccineId;

    @Column(name = "booking_id", nullable = false)
    public UUID bookingId;

    @Column(name = "response_status")
    public Integer responseStatus;

    @Column(name = "response_body")
    public String responseBody;

    public boolean answered() {
        return responseStatus != null;
    }
}
