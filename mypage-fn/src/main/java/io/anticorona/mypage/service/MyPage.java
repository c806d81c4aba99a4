package io.anticorona.mypage.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A customer's page: bookings newest first, notifications oldest first. Registered for reflection because the stream
 * serializes it itself (native image), not only as a REST return type.
 */
@RegisterForReflection(targets = { MyPage.class, MyPage.Booking.class, MyPage.Line.class })
public record MyPage(String customerId, List<Booking> bookings, List<Line> notifications) {

    /** {@code waitlistPosition} only for a WAITING booking (1 is next), absent otherwise. */
    public record Booking(UUID bookingId, Long vaccineId, String vaccineName, BookingStatus status,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer waitlistPosition, OffsetDateTime updatedAt) {

        public Booking {
            updatedAt = updatedAt.withOffsetSameInstant(ZoneOffset.UTC);
        }
    }

    /** One notification; {@code vaccineName} is null while the vaccine's name is not known yet. */
    public record Line(UUID eventId, OffsetDateTime at, NotificationKind kind, UUID bookingId, Long vaccineId,
            String vaccineName, String message) {

        public Line {
            at = at.withOffsetSameInstant(ZoneOffset.UTC);
        }
    }
}
