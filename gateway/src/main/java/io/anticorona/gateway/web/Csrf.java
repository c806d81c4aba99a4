package io.anticorona.gateway.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSRFHandler;

/**
 * Cross-site request forgery protection for calls authenticated by the session cookie: Vert.x's
 * {@link CSRFHandler} (double-submit cookie {@code XSRF-TOKEN}, header {@code X-XSRF-TOKEN}, HMAC-signed and
 * time-limited tokens). A call with a bearer token of its own is not subject to it: no browser adds that header by
 * itself. The HMAC key is derived from the OIDC client secret, so every gateway instance accepts every other one's
 * tokens without one more secret to distribute (quarkus-oidc derives its session-cookie key the same way).
 */
@ApplicationScoped
public class Csrf {

    public static final String COOKIE = "XSRF-TOKEN";
    public static final String HEADER = "X-XSRF-TOKEN";

    private final CSRFHandler handler;

    Csrf(Vertx vertx, @ConfigProperty(name = "quarkus.oidc.credentials.secret") String clientSecret) {
        this.handler = CSRFHandler.create(vertx, derive(clientSecret))
                .setCookieName(COOKIE)
                .setHeaderName(HEADER)
                .setCookiePath("/")
                // The page's JavaScript reads it to send it back in the header: that is the point of the double submit.
                .setCookieHttpOnly(false)
                // A page left open for a working day keeps working; the web app fetches a new token on a refusal.
                .setTimeout(8 * 60 * 60 * 1000L);
    }

    static boolean unsafe(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                || method == HttpMethod.DELETE;
    }

    /** Issues a token cookie (safe methods), or checks header against cookie (unsafe ones), then goes on. */
    void handle(RoutingContext context) {
        // CSRFHandler falls back to a form field only when a body handler has read the body; without one it would
        // fail with a 500, so a call with neither header nor body handler is refused here, as it would be there.
        if (unsafe(context.request().method()) && context.request().getHeader(HEADER) == null
                && !context.body().available()) {
            refuse(context);
            return;
        }
        handler.handle(context);
    }

    /** The failure handler for the routes that run {@link #handle}: CSRFHandler refuses with {@code fail(403)}. */
    void failure(RoutingContext context) {
        if (context.statusCode() == 403) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private static void refuse(RoutingContext context) {
        Problems.send(context, 403, Problems.CSRF, "CSRF token missing or wrong",
                "A change made with the session cookie must carry the " + COOKIE + " cookie's value in the "
                        + HEADER + " header");
    }

    private static String derive(String clientSecret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("anticorona-csrf:" + clientSecret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
