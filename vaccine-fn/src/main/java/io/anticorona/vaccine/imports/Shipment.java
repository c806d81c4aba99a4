package io.anticorona.vaccine.imports;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An applied shipment; its id as the primary key makes it apply at most once. */
@Entity
public class Shipment extends PanacheEntityBase {

    @Id
    @Column(name = "shipment_id", length = 100)
    public String shipmentId;

    @Column(name = "vaccine_id", nullable = false)
    public Long vaccineId;

    @Column(nullable = false)
    public int quantity;

    @Column(name = "applied_at", nullable = false)
    public OffsetDateTime appliedAt;
}
