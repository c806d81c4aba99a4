package io.anticorona.vaccine.rest;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;

public record ReservationRequest(@NotNull UUID bookingId) {
}
