package io.anticorona.vaccine.service;

import org.junit.jupiter.api.Test;

import static io.anticorona.vaccine.service.CancellationRelease.releasesADose;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CancellationReleaseTest {

    @Test
    void cancellingABookedBookingGivesItsDoseBack() {
        assertTrue(releasesADose("BOOKED"));
    }

    @Test
    void cancellingAWaitingBookingGivesBackADoseAFailedPromotionLeftIt() {
        assertTrue(releasesADose("WAITING"));
    }

    @Test
    void cancellingABookingThatHeldNoDoseGivesNothingBack() {
        assertFalse(releasesADose("CANCELLED"));
        assertFalse(releasesADose("INJECTED"), "an injected dose has left the stock");
    }

    @Test
    void anUnknownOrMissingPreviousStatusGivesNothingBack() {
        assertFalse(releasesADose(null));
        assertFalse(releasesADose("booked"));
        assertFalse(releasesADose("SOMETHING_NEW"));
    }
}
