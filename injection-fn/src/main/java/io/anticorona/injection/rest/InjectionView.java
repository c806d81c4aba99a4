package io.anticorona.injection.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.anticorona.injection.service.Injection;
import io.anticorona.injection.service.InjectionStatus;

/** An Injection as the API shows it. */
public record InjectionView(UUID bookingId, String customerId, Long vaccineId, InjectionStatus status,
        OffsetDateTime injectedAt) {

    public static InjectionView of(Injection injection) {
        return new InjectionView(injection.bookingId, injection.customerId, injection.vaccineId, injection.status,
                injection.injectedAt == null ? null : injection.injectedAt.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
