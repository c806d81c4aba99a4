package io.anticorona.booking.client;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * vaccine-fn's batch reservation endpoint, called with booking-fn's own service-account token (quarkus.oidc-client.*).
 * Each booking of the batch gets its own result; an unknown vaccine arrives as {@link VaccineProblems}' exception,
 * any other non-2xx answer as a {@link jakarta.ws.rs.WebApplicationException}.
 */
@RegisterRestClient(configKey = "vaccine-fn")
@RegisterProvider(VaccineProblems.class)
@OidcClientFilter
@Path("/vaccines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface VaccineClient {

    /** The result word vaccine-fn gives a booking that now holds a dose, and one that found none left. */
    String RESERVED = "reserved";
    String SOLD_OUT = "sold-out";

    @RegisterForReflection
    record ReservationBatch(List<UUID> bookingIds) {
    }

    /** Read from a list inside the answer: registered for Jackson in a native executable. */
    @RegisterForReflection
    record Result(UUID bookingId, String result) {
    }

    @RegisterForReflection
    record Results(List<Result> results) {
    }

    @POST
    @Path("/{vaccineId}/reservations/batch")
    Results reserveAll(@PathParam("vaccineId") long vaccineId, ReservationBatch batch);
}
