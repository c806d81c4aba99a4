package io.anticorona.mypage.rest;

import jakarta.annotation.security.RolesAllowed;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.anticorona.mypage.service.MyPage;
import io.anticorona.mypage.service.MyPageService;
import io.anticorona.common.security.Roles;
import io.smallrye.common.annotation.RunOnVirtualThread;

@Path("/mypages")
@Tag(name = "mypages")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
@RolesAllowed({ Roles.CUSTOMER, Roles.BOOKING_AGENT })
public class MyPageResource {

    private final MyPageService service;

    public MyPageResource(MyPageService service) {
        this.service = service;
    }

    @GET
    @Path("/{customerId}")
    @Operation(summary = "A customer's bookings (newest first) and notifications (oldest first); eventually consistent")
    public MyPage get(@PathParam("customerId") @NotBlank @Size(max = 100) String customerId) {
        return service.of(customerId.strip());
    }
}
