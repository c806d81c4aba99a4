package io.anticorona.booking.service;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A vaccine's waitlist: how many bookings are WAITING for it. */
@RegisterForReflection
public record Waitlist(long vaccineId, long waiting) {
}
