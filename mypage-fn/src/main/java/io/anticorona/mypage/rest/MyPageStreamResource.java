package io.anticorona.mypage.rest;

import java.time.Duration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.anticorona.common.security.Roles;
import io.anticorona.mypage.live.MyPageStreams;
import io.anticorona.mypage.service.MyPage;
import io.anticorona.mypage.service.PageAccess;
import io.smallrye.mutiny.Multi;

/**
 * My Page that updates itself: Server-Sent Events. A class of its own because the page's resource runs on virtual
 * threads, while a stream is non-blocking (the event loop writes it; each page read runs on a worker thread).
 */
@Path("/mypages/{customerId}/stream")
@Tag(name = "mypages")
@RolesAllowed({ Roles.CUSTOMER, Roles.BOOKING_AGENT })
public class MyPageStreamResource {

    private final PageAccess access;
    private final MyPageStreams streams;
    private final ObjectMapper json;
    private final Duration keepAlive;

    public MyPageStreamResource(PageAccess access, MyPageStreams streams, ObjectMapper json,
            @ConfigProperty(name = "anticorona.mypage.stream.keep-alive", defaultValue = "15s") Duration keepAlive) {
        this.access = access;
        this.streams = streams;
        this.json = json;
        this.keepAlive = keepAlive;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The page as Server-Sent Events named mypage: at connect and whenever it may have changed; "
            + "a comment line keeps the connection open")
    public Multi<OutboundSseEvent> stream(@PathParam("customerId") @NotBlank @Size(max = 100) String customerId,
            @Context Sse sse) {
        String id = customerId.strip();
        access.check(id);
        Multi<OutboundSseEvent> pages = streams.pages(id)
                .map(page -> sse.newEventBuilder().name("mypage").data(toJson(page)).build());
        Multi<OutboundSseEvent> comments = Multi.createFrom().ticks().every(keepAlive).onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(pages, comments);
    }

    private String toJson(MyPage page) {
        try {
            return json.writeValueAsString(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
