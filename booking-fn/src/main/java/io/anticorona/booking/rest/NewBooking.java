package io.anticorona.booking.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

public record NewBooking(
        /** Optional for a customer (it is their username); required for a booking agent. */
        @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String customerId,
        @NotNull @Positive Long vaccineId) {
}
