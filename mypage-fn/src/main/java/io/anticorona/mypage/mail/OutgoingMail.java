package io.anticorona.mypage.mail;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One notification's mail in the outbox (V4__mail.sql explains the states). */
@Entity
@Table(name = "mail_outbox")
public class OutgoingMail extends PanacheEntityBase {

    public enum Status {
        PENDING,
        SENT,
        UNDELIVERABLE,
        OPTED_OUT
    }

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    public String recipient;

    public String language;

    @Column(name = "last_error")
    public String lastError;
}
