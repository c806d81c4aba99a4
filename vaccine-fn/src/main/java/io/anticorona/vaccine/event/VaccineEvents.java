package io.anticorona.vaccine.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** The events vaccine-fn publishes on {@code vaccine-events}, keyed by vaccine id. */
public final class VaccineEvents {

    public static final String VACCINE_REGISTERED = "VaccineRegistered";
    public static final String STOCK_ADDED = "StockAdded";
    public static final String RESERVATION_RELEASED = "ReservationReleased";

    private VaccineEvents() {
    }

    @RegisterForReflection
    public record VaccineRegistered(long vaccineId, String name, int stock) {
    }

    @RegisterForReflection
    public record StockAdded(long vaccineId, int quantity, int stock, int reserved, int available) {
    }

    @RegisterForReflection
    public record ReservationReleased(long vaccineId, UUID bookingId, int available) {
    }
}
