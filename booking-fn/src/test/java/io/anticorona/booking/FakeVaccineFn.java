package io.anticorona.booking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for vaccine-fn's reservation endpoint on a real HTTP port, so that booking-fn's own tests can decide
 * who gets a dose: every vaccine is sold out until a test gives it doses ({@link #addDoses}). It answers as
 * vaccine-fn does: 201, or 409 problem+json of type sold-out.
 */
public class FakeVaccineFn implements QuarkusTestResourceLifecycleManager {

    private static final Pattern RESERVATION = Pattern.compile("/vaccines/(\\d+)/reservations");
    private static final Map<Long, AtomicInteger> DOSES = new ConcurrentHashMap<>();
    private static final Set<Long> BROKEN = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    static void addDoses(long vaccineId, int doses) {
        DOSES.computeIfAbsent(vaccineId, id -> new AtomicInteger()).addAndGet(doses);
    }

    /** Reservations of this vaccine fail with 500, as a broken vaccine-fn would answer. */
    static void breakVaccine(long vaccineId) {
        BROKEN.add(vaccineId);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/vaccines", FakeVaccineFn::reserve);
        server.start();
        return Map.of("quarkus.rest-client.vaccine-fn.url", "http://localhost:" + server.getAddress().getPort());
    }

    private static void reserve(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        Matcher path = RESERVATION.matcher(exchange.getRequestURI().getPath());
        if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        long vaccineId = Long.parseLong(path.group(1));
        if (BROKEN.contains(vaccineId)) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        AtomicInteger doses = DOSES.computeIfAbsent(vaccineId, id -> new AtomicInteger());
        if (doses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(201, -1);
        } else {
            byte[] body = """
                    {"type":"https://anticorona.io/problems/sold-out","title":"Sold out","status":409,"detail":"none left"}"""
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(409, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
