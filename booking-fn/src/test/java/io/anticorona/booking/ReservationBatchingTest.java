package io.anticorona.booking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While one stock check of a vaccine is under way, the bookings that arrive for it wait and then leave together in
 * one call: none is shed for being many, and the doses go to those that came first.
 */
@QuarkusTest
@WithTestResource(FakeVaccineFn.class)
@TestProfile(LongerReservationTimeout.class)
class ReservationBatchingTest {

    private static final int BOOKINGS = 60;

    @Test
    void bookingsThatArriveDuringAStockCheckLeaveTogetherInTheNextCallAndAreAllAnswered() throws Exception {
        long vaccine = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        FakeVaccineFn.addDoses(vaccine, 30);
        FakeVaccineFn.hold(vaccine);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            answers.add(customers.submit(() -> book(vaccine)));
            await().atMost(Duration.ofSeconds(30)).until(() -> FakeVaccineFn.heldNow() == 1);
            for (int i = 1; i < BOOKINGS; i++) {
                answers.add(customers.submit(() -> book(vaccine)));
            }
            Thread.sleep(1000); // the others arrive and wait behind the held call
            assertEquals(1, FakeVaccineFn.heldNow(), "one call in flight for the vaccine, whatever arrives");
            FakeVaccineFn.release(vaccine);
            List<String> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                assertEquals(201, answer.get().statusCode(), answer.get().asString());
                statuses.add(answer.get().jsonPath().getString("status"));
            }
            assertEquals(30, Collections.frequency(statuses, "BOOKED"), statuses.toString());
            assertEquals(30, Collections.frequency(statuses, "WAITING"));
            assertEquals("BOOKED", statuses.get(0), "the first to arrive was in the first call");
        }
        List<Integer> batches = FakeVaccineFn.batches(vaccine);
        // Those that opened after the first WAITING booking queue behind it without asking (first come, first served).
        assertTrue(batches.stream().mapToInt(Integer::intValue).sum() <= BOOKINGS, "each booking asked once at most: " + batches);
        assertEquals(1, batches.get(0), "the first call carried the first booking alone: " + batches);
        assertTrue(batches.get(1) >= 20, "those that came during it left together in the next call: " + batches);
    }

    private static Response book(long vaccine) {
        String customer = "c-" + UUID.randomUUID().toString().substring(0, 8);
        return given().auth().oauth2(Tokens.of(Tokens.AGENT)).contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccine + "}").post("/bookings");
    }
}
