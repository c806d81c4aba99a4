package io.anticorona.common.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;

/** The failures that reach the routes after the body is read, where Quarkus's error handler would log them. */
@ApplicationScoped
public class RequestFailures {

    private final List<Throwable> reported = new CopyOnWriteArrayList<>();

    boolean anyClosedConnection() {
        return reported.stream().anyMatch(HttpClosedException.class::isInstance);
    }

    void install(@Observes Router router) {
        router.route().order(0).failureHandler(context -> {
            reported.add(context.failure());
            context.next();
        });
    }
}
