package io.anticorona.vaccine.event;

import java.util.UUID;

/** The events vaccine-fn publishes on {@code vaccine-events}, keyed by vaccine id. */
public final class VaccineEvents {

    public static final String VACCINE_REGISTERED = "VaccineRegistered";
    public static final String STOCK_ADDED = "StockAdded";
    public static final String RESERVATION_RELEASED = "ReservationReleased";

    private VaccineEvents() {
    }

    public record VaccineRegistered(long vaccineId, String name, int stock) {
    }

    public record StockAdded(long vaccineId, int quantity, int stock, int reserved, int available) {
    }

    public record ReservationReleased(long vaccineId, UUID bookingId, int available) {
    }
}
