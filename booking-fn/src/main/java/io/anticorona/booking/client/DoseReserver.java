package io.anticorona.booking.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.anticorona.booking.client.VaccineClient.ReservationBatch;
import io.anticorona.booking.client.VaccineClient.Result;
import io.anticorona.booking.client.VaccineProblems.UnknownVaccine;
import io.anticorona.common.problem.ProblemException;

/**
 * The synchronous, atomic stock check: one call to vaccine-fn reserves a dose for each booking of a batch
 * ({@link ReservationBatcher} gathers new bookings; the promoter sends the oldest waiters). Sold out is an answer,
 * not a failure. A call that fails (down, refused, 5xx, past its timeout) ends in a failed outcome for its bookings
 * at once ({@link DoseReserverFallback}), and
 * repeated failures open the circuit. Only calls actually sent count: waiting for a batch to leave happens before
 * this method. The figures (timeout, breaker) are in application.properties only
 * ({@code quarkus.fault-tolerance."...DoseReserver/reserveDoses".*}).
 */
@ApplicationScoped
public class DoseReserver {

    private final VaccineClient vaccines;

    public DoseReserver(@RestClient VaccineClient vaccines) {
        this.vaccines = vaccines;
    }

    @Timeout
    @CircuitBreaker(skipOn = ProblemException.class)
    @Fallback(value = DoseReserverFallback.class, skipOn = ProblemException.class)
    public Map<UUID, ReservationOutcome> reserveDoses(long vaccineId, List<UUID> bookingIds) {
        List<Result> results;
        try {
            results = vaccines.reserveAll(vaccineId, new ReservationBatch(bookingIds)).results();
        } catch (UnknownVaccine e) {
            throw ProblemException.notFound("Vaccine", vaccineId);
        }
        Map<UUID, ReservationOutcome> outcomes = new HashMap<>();
        for (Result result : results) {
            outcomes.put(result.bookingId(), outcome(result.result()));
        }
        return outcomes;
    }

    /** A released or foreign reservation belongs to a booking already given up: it gets no dose. */
    private static ReservationOutcome outcome(String result) {
        return switch (result) {
            case VaccineClient.RESERVED -> ReservationOutcome.RESERVED;
            case VaccineClient.SOLD_OUT -> ReservationOutcome.SOLD_OUT;
            default -> ReservationOutcome.UNAVAILABLE;
        };
    }
}
