package io.anticorona.vaccine.service;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A vaccine and its doses: {@code reserved} never exceeds {@code stock} (a check constraint holds it). */
@Entity
@JsonPropertyOrder({ "id", "name", "stock", "reserved", "available" })
public class Vaccine extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false)
    public int stock;

    @Column(nullable = false)
    public int reserved;

    @JsonIgnore
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @JsonProperty
    public int available() {
        return stock - reserved;
    }

    public static Vaccine findByName(String name) {
        return find("lower(name) = lower(?1)", name.strip()).firstResult();
    }
}
