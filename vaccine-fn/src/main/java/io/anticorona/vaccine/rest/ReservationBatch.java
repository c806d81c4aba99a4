package io.anticorona.vaccine.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A batch of bookings of one vaccine that each want a dose, in the order they arrived. Each gets its own result:
 * {@code reserved}, or the problem type the single reservation would answer ({@code sold-out},
 * {@code reservation-released}, {@code reservation-mismatch}).
 *
 * <p>Registered for reflection so that Jackson can write the nested results in a native executable too.
 */
@RegisterForReflection(targets = { ReservationBatch.Results.class, ReservationBatch.Result.class })
public record ReservationBatch(@NotNull @Size(min = 1, max = 500) List<@NotNull UUID> bookingIds) {

    public record Result(UUID bookingId, String result) {
    }

    public record Results(List<Result> results) {

        static Results of(Map<UUID, String> results) {
            return new Results(results.entrySet().stream().map(e -> new Result(e.getKey(), e.getValue())).toList());
        }
    }
}
