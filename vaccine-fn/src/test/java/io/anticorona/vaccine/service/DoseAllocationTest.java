package io.anticorona.vaccine.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.anticorona.vaccine.service.DoseAllocation.Earlier;
import io.anticorona.vaccine.service.Reservation.Status;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DoseAllocationTest {

    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final UUID C = UUID.randomUUID();

    @Test
    void theFirstToArriveTakeTheDosesLeftAndTheRestAreSoldOut() {
        DoseAllocation allocation = DoseAllocation.of(1, 2, List.of(A, B, C), Map.of());
        assertEquals(List.of(A, B), allocation.granted());
        assertEquals(List.of("reserved", "reserved", "sold-out"), List.copyOf(allocation.results().values()));
    }

    @Test
    void aBookingThatHoldsItsDoseKeepsItWithoutTakingAnother() {
        DoseAllocation allocation = DoseAllocation.of(1, 1, List.of(A, B), Map.of(A, new Earlier(1, Status.RESERVED)));
        assertEquals(List.of(B), allocation.granted());
        assertEquals(Map.of(A, "reserved", B, "reserved"), allocation.results());
    }

    @Test
    void aReleasedOrForeignReservationIsRefusedAndTakesNoDose() {
        DoseAllocation allocation = DoseAllocation.of(1, 5, List.of(A, B),
                Map.of(A, new Earlier(1, Status.RELEASED), B, new Earlier(2, Status.RESERVED)));
        assertEquals(List.of(), allocation.granted());
        assertEquals(Map.of(A, "reservation-released", B, "reservation-mismatch"), allocation.results());
    }

    @Test
    void aBookingNamedTwiceTakesOneDose() {
        DoseAllocation allocation = DoseAllocation.of(1, 5, List.of(A, A, B), Map.of());
        assertEquals(List.of(A, B), allocation.granted());
        assertEquals(2, allocation.results().size());
    }

    @Test
    void nothingIsGrantedWhenTheStockIsOverReserved() {
        assertEquals(List.of(), DoseAllocation.of(1, -3, List.of(A), Map.of()).granted());
    }
}
