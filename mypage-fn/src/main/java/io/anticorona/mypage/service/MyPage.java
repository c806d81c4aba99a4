package io.anticorona.mypage.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** A customer's page: bookings newest first, notifications oldest first. */
public record MyPage(String customerId, List<Booking> bookings, List<Line> notifications) {

    public record Booking(UUID bookingId, Long vaccineId, String vaccineName, BookingStatus status,
            OffsetDateTime updatedAt) {

        public Booking {
            updatedAt = updatedAt.withOffsetSameInstant(ZoneOffset.UTC);
        }
    }

    public record Line(OffsetDateTime at, String message) {

        public Line {
            at = at.withOffsetSameInstant(ZoneOffset.UTC);
        }
    }
}
