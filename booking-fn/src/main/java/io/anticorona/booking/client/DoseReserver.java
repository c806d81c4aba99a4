package io.anticorona.booking.client;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.anticorona.booking.client.VaccineClient.ReservationRequest;
import io.anticorona.booking.client.VaccineProblems.SoldOut;
import io.anticorona.booking.client.VaccineProblems.UnknownVaccine;
import io.anticorona.common.problem.ProblemException;

/**
 * The synchronous, atomic stock check: asks vaccine-fn to reserve one dose for a booking. Sold out is an answer,
 * not a failure. Anything else that goes wrong (down, slow, overloaded) ends in a failed outcome
 * quickly (see {@link DoseReserverFallback}), and repeated failures open the circuit so that callers stop waiting on a
 * dead service. The thresholds (timeout, bulkhead, breaker) are set in application.properties only
 * ({@code quarkus.fault-tolerance."...DoseReserver/reserveDose".*}); the annotations say which strategies apply.
 */
@ApplicationScoped
public class DoseReserver {

    private final VaccineClient vaccines;

    public DoseReserver(@RestClient VaccineClient vaccines) {
        this.vaccines = vaccines;
    }

    @Timeout
    @CircuitBreaker(skipOn = { ProblemException.class, BulkheadException.class })
    @Bulkhead
    @Fallback(value = DoseReserverFallback.class, skipOn = ProblemException.class)
    public ReservationOutcome reserveDose(long vaccineId, UUID bookingId) {
        try {
            vaccines.reserve(vaccineId, new ReservationRequest(bookingId));
            return ReservationOutcome.RESERVED;
        } catch (SoldOut e) {
            return ReservationOutcome.SOLD_OUT;
        } catch (UnknownVaccine e) {
            throw ProblemException.notFound("Vaccine", vaccineId);
        }
    }
}
