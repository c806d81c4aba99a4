package io.anticorona.booking.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.anticorona.booking.service.Booking;
import io.anticorona.booking.service.BookingService;
import io.anticorona.booking.service.BookingService.Reply;
import io.anticorona.booking.service.Waitlist;
import io.anticorona.common.security.Roles;
import io.smallrye.common.annotation.RunOnVirtualThread;

@Path("/bookings")
@Tag(name = "bookings")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
@RolesAllowed({ Roles.CUSTOMER, Roles.BOOKING_AGENT })
public class BookingResource {

    private final BookingService service;

    public BookingResource(BookingService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Books an injection: BOOKED if a dose was reserved, else WAITING on the waitlist")
    public Response book(@Valid @NotNull NewBooking request,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 200) String idempotencyKey) {
        Reply reply = service.book(strip(request.customerId()), request.vaccineId(), idempotencyKey);
        Response.ResponseBuilder response = Response.status(reply.status()).entity(reply.body())
                .type(MediaType.APPLICATION_JSON)
                .location(URI.create("/bookings/" + reply.bookingId()));
        if (reply.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    /** A literal path: JAX-RS prefers it over the template /{id}. */
    @GET
    @Path("/waitlists")
    @RolesAllowed({ Roles.VACCINE_ADMIN, Roles.BOOKING_AGENT })
    @Operation(summary = "Every vaccine with WAITING bookings and how many wait (vaccine admins, booking agents)")
    public List<Waitlist> waitlists() {
        return service.waitlists();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Returns one booking; a WAITING one with its waitlistPosition, current when read")
    public Booking get(@PathParam("id") UUID id) {
        return service.get(id);
    }

    @GET
    @Operation(summary = "Lists a customer's bookings, newest first (a customer's own if customerId is left out)")
    public List<Booking> ofCustomer(@QueryParam("customerId") @Size(min = 1, max = 100) String customerId) {
        return service.ofCustomer(strip(customerId));
    }

    private static String strip(String customerId) {
        return customerId == null ? null : customerId.strip();
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancels a booking; a BOOKED booking frees its dose. Repeats answer 200.")
    public Booking cancel(@PathParam("id") UUID id) {
        return service.cancel(id);
    }
}
