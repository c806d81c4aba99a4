package io.anticorona.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.anticorona.devstack.LocalKeycloak;
import io.anticorona.devstack.TestKeycloak;
import io.anticorona.devstack.Tokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in booking service on a real socket: answers 503 with Retry-After and a problem body, and echoes the
 * path it was asked for (or the request's Authorization, Cookie and body), so the test sees exactly what the gateway
 * forwarded and returned. The gateway's sign-in uses the test run's Keycloak ({@link TestKeycloak}).
 */
public class UpstreamResource implements QuarkusTestResourceLifecycleManager {

    static final String PROBLEM = "{\"type\":\"urn:anticorona:problem:stock-check-overloaded\",\"status\":503}";
    private HttpServer server;
    private static LocalKeycloak keycloak;
    private static boolean ownsKeycloak;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/mypages/alice/stream", exchange -> {
            // Server-Sent Events: one event at once, the next one two seconds later.
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 1; i <= 2; i++) {
                    out.write(("event: mypage\ndata: {\"n\":" + i + "}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = (exchange.getRequestMethod() + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            int status = 200;
            if (exchange.getRequestURI().getPath().equals("/bookings/echo-request")) {
                body = (exchange.getRequestMethod() + "\nAuthorization: "
                        + exchange.getRequestHeaders().getFirst("Authorization") + "\nCookie: "
                        + exchange.getRequestHeaders().getFirst("Cookie") + "\n"
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
            }
            if (exchange.getRequestURI().getPath().equals("/bookings/echo-authorization")) {
                body = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).getBytes(StandardCharsets.UTF_8);
            }
            if (exchange.getRequestURI().getPath().equals("/bookings")) {
                body = PROBLEM.getBytes(StandardCharsets.UTF_8);
                status = 503;
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.getResponseHeaders().add("Retry-After", "7");
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String url = "http://localhost:" + server.getAddress().getPort();
        LocalKeycloak keycloak = TestKeycloak.handle(TestKeycloak.projectRoot());
        ownsKeycloak = keycloak.startUnlessServing();
        Tokens.useRealm(keycloak.realmUrl());
        UpstreamResource.keycloak = keycloak;
        return Map.of("gateway.services.booking-fn", url, "gateway.services.vaccine-fn", url,
                "gateway.services.mypage-fn", url,
                "quarkus.oidc.auth-server-url", keycloak.realmUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (ownsKeycloak) {
            keycloak.stop();
        }
    }
}
