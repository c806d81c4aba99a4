package io.anticorona.booking.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The events booking-fn publishes on {@code booking-events}, keyed by booking id. */
public final class BookingEvents {

    public static final String BOOKING_CONFIRMED = "BookingConfirmed";
    public static final String BOOKING_WAITLISTED = "BookingWaitlisted";
    public static final String BOOKING_CANCELLED = "BookingCancelled";
    public static final String BOOKING_ABANDONED = "BookingAbandoned";

    private BookingEvents() {
    }

    /** A dose is held for the booking; {@code promoted} says it came from the waitlist. */
    @RegisterForReflection
    public record BookingConfirmed(UUID bookingId, String customerId, long vaccineId, boolean promoted, int version,
            OffsetDateTime at) {
    }

    /** {@code waitlistOrder} is the booking's place in the waitlist order (its seq): smaller is earlier in line. */
    @RegisterForReflection
    public record BookingWaitlisted(UUID bookingId, String customerId, long vaccineId, long waitlistOrder, int version,
            OffsetDateTime at) {
    }

    @RegisterForReflection
    public record BookingCancelled(UUID bookingId, String customerId, long vaccineId, String previousStatus, int version,
            OffsetDateTime at) {
    }

    /** A booking that failed before it was made (the stock check was unavailable); any dose it got is to be freed. */
    @RegisterForReflection
    public record BookingAbandoned(UUID bookingId, long vaccineId) {
    }
}
