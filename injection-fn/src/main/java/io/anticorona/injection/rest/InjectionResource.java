package io.anticorona.injection.rest;

import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.anticorona.injection.service.InjectionService;
import io.anticorona.injection.service.InjectionStatus;
import io.anticorona.common.security.Roles;
import io.smallrye.common.annotation.RunOnVirtualThread;

@Path("/injections")
@Tag(name = "injections")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
@RolesAllowed(Roles.INJECTION_ADMIN)
public class InjectionResource {

    private final InjectionService service;

    public InjectionResource(InjectionService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Lists the injections in one status (READY by default: the worklist), by confirmation time")
    public List<InjectionView> list(@QueryParam("status") @DefaultValue("READY")
            @Pattern(regexp = "READY|INJECTED|CANCELLED", message = "must be READY, INJECTED or CANCELLED") String status) {
        return service.list(InjectionStatus.valueOf(status)).stream().map(InjectionView::of).toList();
    }

    @POST
    @Path("/{bookingId}/complete")
    @Operation(summary = "Marks a confirmed booking's injection done; repeats answer 200 with the same entry")
    public InjectionView complete(@PathParam("bookingId") UUID bookingId) {
        return InjectionView.of(service.complete(bookingId));
    }
}
