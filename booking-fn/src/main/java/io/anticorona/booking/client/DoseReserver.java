package io.anticorona.booking.client;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.anticorona.booking.client.VaccineClient.ReservationRequest;
import io.anticorona.common.problem.ProblemException;

/**
 * The synchronous, atomic stock check: asks vaccine-fn to reserve one dose for a booking. Sold out is an answer,
 * not a failure. Anything else that goes wrong (down, slow, overloaded) ends in a failed outcome
 * quickly (see {@link StockCheckFallback}), and repeated failures open the circuit so that callers stop waiting on a dead service.
 * Thresholds live in application.properties ({@code quarkus.fault-tolerance."...StockCheck/reserve".*}).
 */
@ApplicationScoped
public class StockCheck {

    private final VaccineClient vaccines;

    public StockCheck(@RestClient VaccineClient vaccines) {
        this.vaccines = vaccines;
    }

    @Timeout(1000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000, successThreshold = 2,
            skipOn = { ProblemException.class, BulkheadException.class })
    @Bulkhead(50)
    @Fallback(value = StockCheckFallback.class, skipOn = ProblemException.class)
    public ReservationOutcome reserve(long vaccineId, UUID bookingId) {
        try {
            vaccines.reserve(vaccineId, new ReservationRequest(bookingId));
            return ReservationOutcome.RESERVED;
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 409 && isSoldOut(e)) {
                return ReservationOutcome.SOLD_OUT;
            }
            if (status == 404) {
                throw ProblemException.notFound("Vaccine", vaccineId);
            }
            throw e;
        }
    }

    private static boolean isSoldOut(WebApplicationException e) {
        String body = e.getResponse().readEntity(String.class);
        return body != null && body.contains("sold-out");
    }
}
