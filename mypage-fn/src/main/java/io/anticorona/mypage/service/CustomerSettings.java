package io.anticorona.mypage.service;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A customer's choices for the notification mails; no row means the defaults (emails on, language not chosen). */
@Entity
@Table(name = "customer_settings")
public class CustomerSettings extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    @Column(nullable = false)
    public boolean emails;

    /** {@code en}, {@code ko}, or null: the account's locale decides. */
    public String language;
}
