package io.anticorona.booking.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

public record NewBooking(
        @NotBlank @Size(max = 100) String customerId,
        @NotNull @Positive Long vaccineId) {
}
