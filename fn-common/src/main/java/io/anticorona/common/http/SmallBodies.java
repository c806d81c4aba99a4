package io.anticorona.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads a small request body on the event loop, before the request reaches its endpoint. Quarkus REST otherwise
 * hands a blocking endpoint's body over chunk by chunk, the virtual thread waiting on the event loop for each; that
 * hand-over was the hottest method of vaccine-fn (10 % of its samples in {@code make bench}). With the body read,
 * Quarkus REST reads it from memory ({@code RoutingContext.body()}).
 *
 * <p>Only bodies that declare a length from 1 byte to {@link #MAX_BYTES} (the largest reservation batch is about
 * 20 KB), and no forms. An empty body is left to Quarkus REST, which would wait for an end already read. A larger or
 * chunked body, such as a large stock import, is still streamed, and the size limits and their {@code 413}s stay as they
 * were. Every endpoint of the functions that takes a body is blocking (it returns a plain value), the case this is
 * for: a non-blocking endpoint ({@code Uni}) would find its body already read.
 */
@ApplicationScoped
public class SmallBodies {

    static final long MAX_BYTES = 32 * 1024;

    private final BodyHandler reader = BodyHandler.create(false).setBodyLimit(MAX_BYTES);

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER).handler(this::readIfSmall)
                .failureHandler(SmallBodies::quietWhenTheClientLeft);
    }

    private void readIfSmall(RoutingContext context) {
        if (isSmall(context.request())) {
            reader.handle(context);
        } else {
            context.next();
        }
    }

    /**
     * A client that hangs up before its body has arrived fails the read (a closed connection): there is no one left to
     * answer, and nothing to log. Quarkus's error handler would log it as a failed request, an ERROR for each
     * connection a load test closes mid-request.
     */
    private static void quietWhenTheClientLeft(RoutingContext context) {
        if (!(context.failure() instanceof HttpClosedException && context.response().closed())) {
            context.next();
        }
    }

    static boolean isSmall(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return false;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded"))) {
            return false;
        }
        long length = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        return length > 0 && length <= MAX_BYTES;
    }

    /** The Content-Length, or more than any limit when there is none or it is not a number. */
    static long declaredLength(String header) {
        if (header == null) {
            return Long.MAX_VALUE;
        }
        try {
            long length = Long.parseLong(header.trim());
            return length >= 0 ? length : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
