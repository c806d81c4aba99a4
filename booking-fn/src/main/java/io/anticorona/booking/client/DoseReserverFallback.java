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
        @SuppressWarnings("unchecked")
        List<UUID> bookingIds = (List<UUID>) context.getParameters()[1];
        if (outcome == ReservationOutcome.UNAVAILABLE) {
            // One line per call that was sent and failed; an open breaker sends none, so an outage logs a few.
            LOG.warnf("Stock check of vaccine %s failed for %d bookings: %s", context.getParameters()[0],
                    bookingIds.size(), failure);
        }
        Map<UUID, ReservationOutcome> outcomes = new HashMap<>();
        bookingIds.forEach(id -> outcomes.put(id, outcome));
        return outcomes;
    }
}
