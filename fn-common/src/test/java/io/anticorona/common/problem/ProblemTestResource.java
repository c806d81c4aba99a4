package io.anticorona.common.problem;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

import io.quarkus.security.Authenticated;

/** A resource of the test application, written as the functions write theirs; the mappers answer its failures. */
@Path("/things")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ProblemTestResource {

    public record NewThing(@NotBlank String name, @NotNull @Min(1) Integer quantity) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public NewThing create(@Valid @NotNull NewThing thing) {
        return thing;
    }

    /** No thing exists: every id is unknown. */
    @GET
    @Path("/{id}")
    public NewThing get(@PathParam("id") UUID id) {
        throw ProblemException.notFound("Thing", id);
    }

    @GET
    @Path("/busy")
    public NewThing busy() {
        throw new BulkheadException("at capacity");
    }

    @GET
    @Path("/mine")
    @Authenticated
    public NewThing mine() {
        return new NewThing("mine", 1);
    }
}
