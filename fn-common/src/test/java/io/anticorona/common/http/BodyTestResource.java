package io.anticorona.common.http;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;

/** A blocking endpoint with a body, as the functions write theirs; it says whether its body was read before it ran. */
@Path("/bodies")
@PermitAll
@RunOnVirtualThread
public class BodyTestResource {

    public record Items(List<String> items) {
    }

    public record Received(int items, boolean readBeforeTheEndpoint) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Received receive(@NotNull Items body, RoutingContext context) {
        return new Received(body.items().size(), context.body().available());
    }
}
