package io.anticorona.gateway.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The gateway's own problem+json answers (RFC 9457), in the functions' shape. */
final class Problems {

    static final String CSRF = "csrf";

    private Problems() {
    }

    static void send(RoutingContext context, int status, String type, String title, String detail) {
        String body = new JsonObject()
                .put("type", "urn:anticorona:problem:" + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .encode();
        context.response().setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }
}
