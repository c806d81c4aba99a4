package io.anticorona.booking.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/** Turns every failure of a stock check into an answer for each of its bookings, so nobody waits on a broken vaccine-fn. */
@ApplicationScoped
public class DoseReserverFallback implements FallbackHandler<Map<UUID, ReservationOutcome>> {

    private static final Logger LOG = Logger.getLogger(DoseReserverFallback.class);

    @Override
    public Map<UUID, ReservationOutcome> handle(ExecutionContext context) {
        Throwable failure = context.getFailure();
        ReservationOutcome outcome = failure instanceof CircuitBreakerOpenException
                ? ReservationOutcome.CIRCUIT_OPEN
                : ReservationOutcome.UNAVAILABLE;
        if (outcome == ReservationOutcome.UNAVAILABLE) {
            LOG.debugf("Stock check failed: %s", failure);
        }
        @SuppressWarnings("unchecked")
        List<UUID> bookingIds = (List<UUID>) context.getParameters()[1];
        Map<UUID, ReservationOutcome> outcomes = new HashMap<>();
        bookingIds.forEach(id -> outcomes.put(id, outcome));
        return outcomes;
    }
}
