package io.anticorona.mypage.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.anticorona.common.security.Roles;
import io.anticorona.mypage.service.Settings;
import io.anticorona.mypage.service.SettingsService;
import io.smallrye.common.annotation.RunOnVirtualThread;

/** A customer's notification mail settings: on or off, and the language (en, ko, or null for the account's). */
@Path("/mypages/{customerId}/settings")
@Tag(name = "mypages")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
@RolesAllowed({ Roles.CUSTOMER, Roles.BOOKING_AGENT })
public class SettingsResource {

    private final SettingsService service;

    public SettingsResource(SettingsService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "The customer's mail settings; {\"emails\": true, \"language\": null} until they choose")
    public Settings get(@PathParam("customerId") @NotBlank @Size(max = 100) String customerId) {
        return service.of(customerId.strip());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stores the customer's mail settings; later notifications follow them")
    public Settings put(@PathParam("customerId") @NotBlank @Size(max = 100) String customerId,
            @Valid @NotNull(message = "a body {\"emails\": true|false, \"language\": \"en\"|\"ko\"|null} is required") Settings settings) {
        return service.store(customerId.strip(), settings);
    }
}
