package io.anticorona.booking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import io.restassured.path.json.JsonPath;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for vaccine-fn's batch reservation endpoint on a real HTTP port, so that booking-fn's own tests can decide
 * who gets a dose: every vaccine is sold out until a test gives it doses ({@link #addDoses}). It answers as
 * vaccine-fn does, with the answers pinned in devstack's contracts (vaccine-fn's own test checks it gives them): a
 * result per booking (reserved or sold out), or the not-found problem for a vaccine a test declared unknown ({@link #unknown}). A test may
 * also hold a vaccine's reservations open ({@link #hold}) to see how many booking-fn lets in at once. Only the tests'
 * own bookings and events promote: the in-process waitlist sweep is off.
 */
public class FakeVaccineFn implements QuarkusTestResourceLifecycleManager {

    private static final Pattern RESERVATION = Pattern.compile("/vaccines/(\\d+)/reservations/batch");
    private static final Map<Long, AtomicInteger> DOSES = new ConcurrentHashMap<>();
    private static final Set<Long> UNKNOWN = ConcurrentHashMap.newKeySet();
    private static final Set<Long> BROKEN = ConcurrentHashMap.newKeySet();
    private static final Map<Long, CountDownLatch> HELD = new ConcurrentHashMap<>();
    private static final AtomicInteger HELD_NOW = new AtomicInteger();
    private static final Map<Long, List<Integer>> BATCHES = new ConcurrentHashMap<>();
    private static final Set<String> HOLDING = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    static void addDoses(long vaccineId, int doses) {
        DOSES.computeIfAbsent(vaccineId, id -> new AtomicInteger()).addAndGet(doses);
    }

    /** The booking already holds a dose (reserved by a promotion that rolled back): it is answered reserved. */
    static void holdsDose(String bookingId) {
        HOLDING.add(bookingId);
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
        // The in-process sweep would spend a test's doses behind its back (and add calls to the count); the ITs
        // run the prod profile, where it is on, so it is turned off here as %test does.
        return Map.of("quarkus.rest-client.vaccine-fn.url", "http://localhost:" + server.getAddress().getPort(),
                "anticorona.schedule.waitlist-sweep", "off");
    }

    private static void reserve(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher path = RESERVATION.matcher(exchange.getRequestURI().getPath());
        if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        long vaccineId = Long.parseLong(path.group(1));
        List<String> bookingIds = JsonPath.from(request).getList("bookingIds", String.class);
        BATCHES.computeIfAbsent(vaccineId, id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(bookingIds.size());
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
        answerResults(exchange, vaccineId, bookingIds);
    }

    /** One result per booking, in order, with the words the pinned batch answer uses. */
    private static void answerResults(HttpExchange exchange, long vaccineId, List<String> bookingIds) throws IOException {
        Contracts.Answer pinned = Contracts.vaccineFn(Contracts.BATCH);
        AtomicInteger doses = DOSES.computeIfAbsent(vaccineId, id -> new AtomicInteger());
        StringBuilder results = new StringBuilder();
        for (String bookingId : bookingIds) {
            boolean reserved = HOLDING.contains(bookingId) || doses.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            Object result = pinned.body().get(reserved ? "results[0].result" : "results[1].result");
            results.append(results.isEmpty() ? "" : ",")
                    .append("{\"bookingId\":\"").append(bookingId).append("\",\"result\":\"").append(result).append("\"}");
        }
        byte[] body = ("{\"results\":[" + results + "]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", pinned.contentType());
        exchange.sendResponseHeaders(pinned.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** How many bookings each call for the vaccine carried, in the order the calls came. */
    static List<Integer> batches(long vaccineId) {
        return List.copyOf(BATCHES.getOrDefault(vaccineId, List.of()));
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
