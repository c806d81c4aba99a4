package io.anticorona.booking;

import java.time.Duration;
import java.util.ArrayList;
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

/**
 * The limits in force are application.properties' (the annotations carry none): at most 50 reservations in flight
 * at once (DoseReserver's bulkhead; the annotation's default would be 10), and at least 60 bookings admitted at once
 * (BookingService's bulkhead of 100; the default would be 10). The test profile only lengthens the timeout, and that
 * override being in force shows the timeout is read from configuration as well.
 */
@QuarkusTest
@WithTestResource(FakeVaccineFn.class)
@TestProfile(LongerReservationTimeout.class)
class DoseReserverLimitsTest {

    private static final int BOOKINGS = 60;
    private static final int RESERVATION_BULKHEAD = 50;

    @Test
    void fiftyReservationsAreInFlightAtOnceAndTheRestAreShedAsOverloaded() throws Exception {
        long vaccine = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        FakeVaccineFn.hold(vaccine);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BOOKINGS; i++) {
                answers.add(customers.submit(() -> book(vaccine)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> FakeVaccineFn.heldNow() == RESERVATION_BULKHEAD
                    && answers.stream().filter(Future::isDone).count() == BOOKINGS - RESERVATION_BULKHEAD);
            for (Future<Response> shed : answers.stream().filter(Future::isDone).toList()) {
                assertEquals(503, shed.get().statusCode(), shed.get().asString());
                assertEquals("urn:anticorona:problem:stock-check-overloaded", shed.get().jsonPath().getString("type"));
            }
            FakeVaccineFn.release(vaccine);
            List<String> letThrough = new ArrayList<>();
            for (Future<Response> answer : answers) {
                if (!answer.get().asString().contains("stock-check-overloaded")) {
                    letThrough.add(answer.get().statusCode() + " " + answer.get().jsonPath().getString("status"));
                }
            }
            assertEquals(java.util.Collections.nCopies(RESERVATION_BULKHEAD, "201 WAITING"), letThrough,
                    "the bookings let through are all answered: sold out, so waiting");
        }
    }

    private static Response book(long vaccine) {
        String customer = "c-" + UUID.randomUUID().toString().substring(0, 8);
        return given().auth().oauth2(Tokens.of(Tokens.AGENT)).contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccine + "}").post("/bookings");
    }
}
