package io.anticorona.booking.client;

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

/**
 * vaccine-fn's reservation endpoint, called with booking-fn's own service-account token (quarkus.oidc-client.*).
 * Sold out and an unknown vaccine arrive as {@link VaccineProblems}' exceptions, read from the problem type; any other
 * non-2xx answer as a {@link jakarta.ws.rs.WebApplicationException}.
 */
@RegisterRestClient(configKey = "vaccine-fn")
@RegisterProvider(VaccineProblems.class)
@OidcClientFilter
@Path("/vaccines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface VaccineClient {

    record ReservationRequest(UUID bookingId) {
    }

    @POST
    @Path("/{vaccineId}/reservations")
    void reserve(@PathParam("vaccineId") long vaccineId, ReservationRequest request);
}
