package io.anticorona.injection.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The events injection-fn publishes on {@code injection-events}, keyed by booking id, and those it reads. */
public final class InjectionEvents {

    public static final String INJECTION_COMPLETED = "InjectionCompleted";

    private InjectionEvents() {
    }

    @RegisterForReflection
    public record InjectionCompleted(UUID bookingId, String customerId, Long vaccineId, OffsetDateTime at) {
    }

    /** From booking-events; {@code version} grows with every status change of the booking. */
    @RegisterForReflection
    public record BookingConfirmed(UUID bookingId, String customerId, Long vaccineId, int version, OffsetDateTime at) {
    }

    @RegisterForReflection
    public record BookingCancelled(UUID bookingId, String customerId, Long vaccineId, int version, OffsetDateTime at) {
    }
}
