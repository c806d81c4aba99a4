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
 * Bookings past the concurrency limit wait their turn instead of being refused; only those whose expected wait
 * passes the budget are shed, with 503 overloaded and that wait as Retry-After. Limits: {@link SmallAdmission}.
 */
@QuarkusTest
@WithTestResource(FakeVaccineFn.class)
@TestProfile(SmallAdmission.class)
class BookingAdmissionTest {

    @Test
    void bookingsPastTheLimitQueueAndOnlyThosePastTheBudgetAreShedWithTheirExpectedWait() throws Exception {
        long vaccine = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        FakeVaccineFn.hold(vaccine);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(customers.submit(() -> book(vaccine)));
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> answers.stream().filter(Future::isDone).count() == 10 && FakeVaccineFn.heldNow() == 1);
            for (Future<Response> shed : answers.stream().filter(Future::isDone).toList()) {
                assertEquals(503, shed.get().statusCode(), shed.get().asString());
                assertEquals("urn:anticorona:problem:overloaded", shed.get().jsonPath().getString("type"));
                assertEquals("36", shed.get().header("Retry-After"), "6 ahead at 5 per 30 s, in seconds");
            }
            FakeVaccineFn.release(vaccine);
            for (Future<Response> answer : answers) {
                if (answer.get().statusCode() != 503) {
                    assertEquals(201, answer.get().statusCode(), answer.get().asString());
                    assertEquals("WAITING", answer.get().jsonPath().getString("status"));
                }
            }
            assertEquals(10, answers.stream().filter(a -> a.resultNow().statusCode() == 201).count());
        }
    }

    private static Response book(long vaccine) {
        String customer = "c-" + UUID.randomUUID().toString().substring(0, 8);
        return given().auth().oauth2(Tokens.of(Tokens.AGENT)).contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccine + "}").post("/bookings");
    }
}
