package io.anticorona.mypage.service;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "vaccine_name")
public class VaccineName extends PanacheEntityBase {

    @Id
    @Column(name = "vaccine_id")
    public Long vaccineId;

    @Column(nullable = false)
    public String name;
}
