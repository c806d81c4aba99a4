package io.anticorona.booking.client;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/** Turns every failure of the stock check into an answer, so a caller never waits on a broken vaccine-fn. */
@ApplicationScoped
public class DoseReserverFallback implements FallbackHandler<ReservationOutcome> {

    private static final Logger LOG = Logger.getLogger(DoseReserverFallback.class);

    @Override
    public ReservationOutcome handle(ExecutionContext context) {
        Throwable failure = context.getFailure();
        if (failure instanceof BulkheadException) {
            return ReservationOutcome.OVERLOADED;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return ReservationOutcome.CIRCUIT_OPEN;
        }
        LOG.debugf("Stock check failed: %s", failure);
        return ReservationOutcome.UNAVAILABLE;
    }
}
