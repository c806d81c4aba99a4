package io.anticorona.vaccine.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.anticorona.vaccine.service.ConcurrentReservationException;
import io.anticorona.vaccine.service.Reservation;
import io.anticorona.vaccine.service.Vaccine;
import io.anticorona.vaccine.service.VaccineService;
import io.anticorona.common.security.Roles;
import io.smallrye.common.annotation.RunOnVirtualThread;

@Path("/vaccines")
@Tag(name = "vaccines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class VaccineResource {

    private final VaccineService service;

    public VaccineResource(VaccineService service) {
        this.service = service;
    }

    @POST
    @RolesAllowed(Roles.VACCINE_ADMIN)
    @Operation(summary = "Registers a vaccine with its initial stock")
    public Response register(@Valid @NotNull NewVaccine request) {
        Vaccine vaccine = service.register(request.name(), request.stock());
        return Response.created(URI.create("/vaccines/" + vaccine.id)).entity(vaccine).build();
    }

    @GET
    @PermitAll
    @Operation(summary = "Lists every vaccine")
    public List<Vaccine> list() {
        return service.list();
    }

    @GET
    @PermitAll
    @Path("/{id}")
    @Operation(summary = "Returns one vaccine")
    public Vaccine get(@PathParam("id") long id) {
        return service.get(id);
    }

    @POST
    @Path("/{id}/stock")
    @RolesAllowed(Roles.VACCINE_ADMIN)
    @Operation(summary = "Adds doses to a vaccine's stock")
    public Vaccine addStock(@PathParam("id") long id, @Valid @NotNull StockAddition request) {
        return service.addStock(id, request.quantity());
    }

    @POST
    @Path("/{id}/reservations")
    @RolesAllowed(Roles.STOCK_RESERVER)
    @Operation(summary = "Reserves one dose for a booking (called by booking-fn); idempotent per booking id")
    public Response reserve(@PathParam("id") long id, @Valid @NotNull ReservationRequest request) {
        Reservation reservation;
        try {
            reservation = service.reserve(id, request.bookingId());
        } catch (ConcurrentReservationException concurrentDuplicate) {
            // The same booking reserved at the same moment; its first call won and holds the dose.
            reservation = service.existingReservation(id, request.bookingId());
        }
        return Response.status(Response.Status.CREATED).entity(ReservationView.of(reservation)).build();
    }

    @POST
    @Path("/{id}/reservations/batch")
    @RolesAllowed(Roles.STOCK_RESERVER)
    @Operation(summary = "Reserves one dose for each of a batch of bookings, first come first served (called by booking-fn)")
    public ReservationBatch.Results reserveAll(@PathParam("id") long id, @Valid @NotNull ReservationBatch request) {
        Map<UUID, String> results;
        try {
            results = service.reserveAll(id, request.bookingIds());
        } catch (ConcurrentReservationException concurrentDuplicate) {
            // One of the bookings was reserved elsewhere at the same moment: again, now that its row is there.
            results = service.reserveAll(id, request.bookingIds());
        }
        return ReservationBatch.Results.of(results);
    }
}
