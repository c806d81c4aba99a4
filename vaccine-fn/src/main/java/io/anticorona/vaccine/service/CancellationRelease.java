package io.anticorona.vaccine.service;

/**
 * Whether a cancellation may give a dose back: a BOOKED booking held one, and a WAITING one may hold one too (a
 * promotion that reserved it, then rolled back before it committed). Releasing is idempotent and, for a booking that
 * holds none, bars a late reservation. A booking whose stock check never settled is abandoned (BookingAbandoned).
 */
public final class CancellationRelease {

    private CancellationRelease() {
    }

    public static boolean releasesADose(String statusBeforeCancellation) {
        return "BOOKED".equals(statusBeforeCancellation) || "WAITING".equals(statusBeforeCancellation);
    }
}
