package io.anticorona.vaccine.service;

/**
 * Whether a cancellation gives a dose back: only a BOOKED booking held one. A WAITING booking never got a dose, and
 * a booking whose stock check never settled is abandoned (BookingAbandoned), not cancelled.
 */
public final class CancellationRelease {

    private CancellationRelease() {
    }

    public static boolean releasesADose(String statusBeforeCancellation) {
        return "BOOKED".equals(statusBeforeCancellation);
    }
}
