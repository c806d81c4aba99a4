package io.anticorona.booking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.anticorona.devstack.Contracts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for vaccine-fn's reservation endpoint on a real HTTP port, so that booking-fn's own tests can decide
 * who gets a dose: every vaccine is sold out until a test gives it doses ({@link #addDoses}). It answers as
 * vaccine-fn does, with the answers pinned in devstack's contracts (vaccine-fn's own test checks it gives them): 201,
 * or the sold-out problem, or the not-found problem for a vaccine a test declared unknown ({@link #unknown}). A test may
 * also hold a vaccine's reservations open ({@link #hold}) to see how many booking-fn lets in at once.
 */
public class FakeVaccineFn implements QuarkusTestResourceLifecycleManager {

    private static final Pattern RESERVATION = Pattern.compile("/vaccines/(\\d+)/reservations");
    private static final Map<Long, AtomicInteger> DOSES = new ConcurrentHashMap<>();
    private static final Set<Long> UNKNOWN = ConcurrentHashMap.newKeySet();
    private static final Set<Long> BROKEN = ConcurrentHashMap.newKeySet();
    private static final Map<Long, CountDownLatch> HELD = new ConcurrentHashMap<>();
    private static final AtomicInteger HELD_NOW = new AtomicInteger();
    private HttpServer server;

    static void addDoses(long vaccineId, int doses) {
        DOSES.computeIfAbsent(vaccineId, id -> new AtomicInteger()).addAndGet(doses);
    }

    static void unknown(long vaccineId) {
        UNKNOWN.add(vaccineId);
    }

    /** Reservations for this vaccine wait until {@link #release}; {@link #heldNow} counts those waiting. */
    static void hold(long vaccineId) {
        HELD.put(vaccineId, new CountDownLatch(1));
    }

    static void release(long vaccineId) {
        HELD.remove(vaccineId).countDown();
    }

    static int heldNow() {
        return HELD_NOW.get();
    }

    /** Reservations of this vaccine fail with 500, as a broken vaccine-fn would answer. */
    static void breakVaccine(long vaccineId) {
        BROKEN.add(vaccineId);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
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
        awaitRelease(vaccineId);
        if (UNKNOWN.contains(vaccineId)) {
            answer(exchange, Contracts.vaccineFn(Contracts.UNKNOWN_VACCINE));
            return;
        }
        if (BROKEN.contains(vaccineId)) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        AtomicInteger doses = DOSES.computeIfAbsent(vaccineId, id -> new AtomicInteger());
        if (doses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        } else {
            answer(exchange, Contracts.vaccineFn(Contracts.SOLD_OUT));
        }
    }

    private static void awaitRelease(long vaccineId) {
        CountDownLatch held = HELD.get(vaccineId);
        if (held == null) {
            return;
        }
        HELD_NOW.incrementAndGet();
        try {
            held.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            HELD_NOW.decrementAndGet();
        }
    }

    private static void answer(HttpExchange exchange, Contracts.Answer answer) throws IOException {
        byte[] body = answer.bodyJson().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
