package io.anticorona.mypage.service;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What one event says about a booking. {@code version} is the booking's version; an InjectionCompleted event has
 * none (0), because INJECTED is final anyway. {@code waitlistOrder} comes only with BookingWaitlisted (null otherwise,
 * and in events from before it was carried).
 */
public record BookingChange(UUID eventId, UUID bookingId, String customerId, long vaccineId, BookingStatus status,
        int version, OffsetDateTime at, NotificationKind kind, Long waitlistOrder) {

    /** True if this change may replace the stored state: INJECTED always wins and stays, else the newer version. */
    boolean supersedes(CustomerBooking stored) {
        if (stored.status == BookingStatus.INJECTED) {
            return false;
        }
        return status == BookingStatus.INJECTED || version > stored.version;
    }
}
