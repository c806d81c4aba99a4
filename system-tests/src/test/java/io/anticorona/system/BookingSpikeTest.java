package io.anticorona.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Tokens;
import io.anticorona.devstack.Function;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thousands of customers book one vaccine in the same second: the stock is never oversold, the waitlist is fair. */
@ExtendWith(RunningSystem.class)
class BookingSpikeTest {

    private static final int CUSTOMERS = 1_000;
    private static final int STOCK = 100;
    private static final Map<String, Integer> SHED = new ConcurrentHashMap<>();

    record Row(String id, String status, long seq) {
    }

    @Test
    void aThousandConcurrentBookingsOnAHundredDosesGiveExactlyAHundredBookedAndAFairWaitlist() throws Exception {
        long vaccineId = Api.registerVaccine(STOCK);

        SpikeResult spike = bookConcurrently(vaccineId, CUSTOMERS);
        System.out.printf("SPIKE: %d bookings in %d ms (%d answers were 503 with Retry-After and were retried)%n",
                CUSTOMERS, spike.millis(), spike.retried());
        System.out.println("SPIKE: 503s by problem type " + SHED);
        assertEquals(Map.of(201, CUSTOMERS), spike.finalStatuses(), "every customer ends with 201");
        assertEquals(0, spike.unexpected().get(), "no answer other than 201, or 503 with Retry-After");

        // A stock check that timed out after vaccine-fn had reserved leaves a dose held for an abandoned booking
        // until its BookingAbandoned event frees it and the oldest waiting booking is promoted: eventually exact.
        await().atMost(Duration.ofSeconds(60)).until(() -> count(bookings(vaccineId), "BOOKED") == STOCK);
        List<Row> rows = bookings(vaccineId);
        assertEquals(STOCK, count(rows, "BOOKED"));
        assertEquals(CUSTOMERS - STOCK, count(rows, "WAITING"));
        Api.vaccine(vaccineId).body("stock", equalTo(STOCK), "reserved", equalTo(STOCK), "available", equalTo(0));

        List<String> waitingInOrder = rows.stream().filter(r -> r.status().equals("WAITING")).map(Row::id).toList();
        Api.addStock(vaccineId, 50);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(bookings(vaccineId), "BOOKED") == STOCK + 50);
        assertPromotedExactly(vaccineId, waitingInOrder.subList(0, 50));
        Api.vaccine(vaccineId).body("stock", equalTo(150), "reserved", equalTo(150));

        List<String> booked = bookings(vaccineId).stream().filter(r -> r.status().equals("BOOKED")).map(Row::id).toList();
        for (String id : booked.subList(0, 10)) {
            Api.cancel(id).statusCode(200).body("status", equalTo("CANCELLED"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(bookings(vaccineId), "BOOKED") == STOCK + 50);
        assertEquals(10, count(bookings(vaccineId), "CANCELLED"));
        assertPromotedExactly(vaccineId, waitingInOrder.subList(0, 60));
        Api.vaccine(vaccineId).body("stock", equalTo(150), "reserved", equalTo(150));
    }

    record SpikeResult(long millis, int retried, AtomicInteger unexpected, Map<Integer, Integer> finalStatuses) {
    }

    /** Every customer books at once, and retries after Retry-After when told to, as a real client would. */
    static SpikeResult bookConcurrently(long vaccineId, int customers) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, Integer> finalStatuses = new ConcurrentHashMap<>();
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        String prefix = Api.uniqueName("spike");
        String authorization = "Bearer " + Tokens.of(Tokens.AGENT); // the agent books for every customer
        long began;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < customers; i++) {
                String body = "{\"customerId\":\"" + prefix + "-" + i + "\",\"vaccineId\":" + vaccineId + "}";
                clients.submit(() -> {
                    start.await();
                    int status;
                    try {
                        status = bookWithRetries(http, authorization, body, retried, unexpected);
                    } catch (Exception e) {
                        status = -1; // no answer at all: counted, so that the assertion below says so
                        System.out.println("SPIKE no answer: " + e);
                    }
                    finalStatuses.merge(status, 1, Integer::sum);
                    return status;
                });
            }
            began = System.nanoTime();
            start.countDown();
        }
        return new SpikeResult((System.nanoTime() - began) / 1_000_000, retried.get(), unexpected, finalStatuses);
    }

    private static int bookWithRetries(HttpClient http, String authorization, String body, AtomicInteger retried, AtomicInteger unexpected)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RunningSystem.url(Function.BOOKING) + "/bookings"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int attempt = 0; attempt < 300; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            var retryAfter = response.headers().firstValue("Retry-After");
            if (response.statusCode() != 503 || retryAfter.isEmpty()) {
                if (response.statusCode() != 201) {
                    unexpected.incrementAndGet();
                    System.out.println("SPIKE unexpected answer " + response.statusCode() + ": " + response.body());
                }
                return response.statusCode();
            }
            retried.incrementAndGet();
            SHED.merge(response.body().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
            Thread.sleep(Long.parseLong(retryAfter.get()) * 1000 + ThreadLocalRandom.current().nextInt(500));
        }
        return 503;
    }

    private static void assertPromotedExactly(long vaccineId, List<String> expectedPromoted) throws Exception {
        List<Row> rows = bookings(vaccineId);
        for (Row row : rows) {
            if (expectedPromoted.contains(row.id())) {
                assertTrue(row.status().equals("BOOKED"), "oldest waiting booking " + row.id() + " is " + row.status());
            }
        }
        List<String> stillWaiting = rows.stream().filter(r -> r.status().equals("WAITING")).map(Row::id).toList();
        assertTrue(stillWaiting.stream().noneMatch(expectedPromoted::contains));
    }

    static List<Row> bookings(long vaccineId) throws Exception {
        try (Connection db = RunningSystem.database(Function.BOOKING);
                PreparedStatement query = db.prepareStatement(
                        "select id, status, seq from booking where vaccine_id = ? order by seq")) {
            query.setLong(1, vaccineId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getLong(3)));
                }
            }
            return rows;
        }
    }

    static long count(List<Row> rows, String status) {
        return rows.stream().filter(r -> r.status().equals(status)).count();
    }
}
