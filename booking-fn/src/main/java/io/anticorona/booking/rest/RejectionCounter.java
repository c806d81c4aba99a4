package io.anticorona.booking.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.anticorona.booking.service.BookingMetrics;
import io.anticorona.common.problem.Problem;

/**
 * Counts every 503 that POST /bookings answers by its problem type, wherever it was raised: the stock check's
 * outcomes, the admission bulkhead ("overloaded"), a booking still in progress, a busy database.
 */
public class RejectionCounter {

    private final BookingMetrics metrics;

    public RejectionCounter(BookingMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 503 && response.getEntity() instanceof Problem problem
                && "POST".equals(request.getMethod()) && "/bookings".equals(request.getUriInfo().getPath())) {
            metrics.rejected(problem.type().substring(problem.type().lastIndexOf(':') + 1));
        }
    }
}
