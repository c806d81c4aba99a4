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

    /** Counted down by the test once the first event of the stream reached it through the gateway. */
    public static final java.util.concurrent.CountDownLatch FIRST_EVENT_READ = new java.util.concurrent.CountDownLatch(1);

    /** Calls to /bookings/slow wait for this; SLOW_CALLS counts those that arrived. */
    public static final java.util.concurrent.CountDownLatch SLOW_RELEASE = new java.util.concurrent.CountDownLatch(1);
    public static final java.util.concurrent.atomic.AtomicInteger SLOW_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    /** The same for /bookings/stuck, apart, so that each test holds the service busy with a latch of its own. */
    public static final java.util.concurrent.CountDownLatch STUCK_RELEASE = new java.util.concurrent.CountDownLatch(1);
    public static final java.util.concurrent.atomic.AtomicInteger STUCK_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    /** Counts the call, then holds it (and its connection) until the test releases it, or 30 s at most. */
    private static void holdUntil(java.util.concurrent.CountDownLatch release,
            java.util.concurrent.atomic.AtomicInteger calls) {
        calls.incrementAndGet();
        try {
            release.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] sse(String event, String data) {
        return ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static final String PROBLEM = "{\"type\":\"urn:anticorona:problem:overloaded\",\"status\":503}";
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
            // Server-Sent Events: one event at once, the second only once the client has read the first. A proxy that
            // buffered would hold the first back until the upstream gave up waiting: then the second says so.
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(sse("mypage", "{\"n\":1}"));
                out.flush();
                boolean read = FIRST_EVENT_READ.await(20, java.util.concurrent.TimeUnit.SECONDS);
                out.write(read ? sse("mypage", "{\"n\":2}") : sse("buffered", "{}"));
                out.flush();
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
            if (exchange.getRequestURI().getPath().equals("/bookings/slow")) {
                holdUntil(SLOW_RELEASE, SLOW_CALLS);
            }
            if (exchange.getRequestURI().getPath().equals("/bookings/stuck")) {
                holdUntil(STUCK_RELEASE, STUCK_CALLS);
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
                "gateway.services.mypage-fn", url, "gateway.services.injection-fn", "http://localhost:1",
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
