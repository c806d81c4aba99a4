package io.anticorona.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same Idempotency-Key gives the same answer and one booking; a repeated reservation reserves once. */
@ExtendWith(RunningSystem.class)
class IdempotencyTest {

    @Test
    void aRepeatWithTheSameKeyReturnsTheFirstAnswerAndMakesOneBooking() throws Exception {
        long vaccineId = Api.registerVaccine(5);
        String customer = Api.customer();
        String key = UUID.randomUUID().toString();
        Response first = bookWithKey(customer, vaccineId, key);
        Response repeat = bookWithKey(customer, vaccineId, key);
        assertEquals(201, first.statusCode());
        assertEquals(201, repeat.statusCode());
        assertEquals(first.asString(), repeat.asString());
        assertEquals("true", repeat.header("Idempotent-Replayed"));
        assertEquals(1, bookingsOf(customer));
        Api.vaccine(vaccineId).body("reserved", equalTo(1));
    }

    @Test
    void concurrentRepeatsWithOneKeyMakeOneBooking() throws Exception {
        long vaccineId = Api.registerVaccine(5);
        String customer = Api.customer();
        String key = UUID.randomUUID().toString();
        List<Response> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(pool.submit(() -> bookWithKey(customer, vaccineId, key)));
            }
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
        }
        List<String> ids = answers.stream().filter(r -> r.statusCode() == 201).map(r -> r.jsonPath().getString("id")).distinct().toList();
        assertEquals(1, ids.size(), "every 201 names the same booking");
        assertTrue(answers.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 409), "201, or 409 while the first runs");
        assertEquals(1, bookingsOf(customer));
        Api.vaccine(vaccineId).body("reserved", equalTo(1));
    }

    @Test
    void aKeyReusedForAnotherRequestIsRejected() {
        long vaccineId = Api.registerVaccine(5);
        String key = UUID.randomUUID().toString();
        assertEquals(201, bookWithKey(Api.customer(), vaccineId, key).statusCode());
        bookWithKey(Api.customer(), vaccineId, key).then().statusCode(422).contentType("application/problem+json")
                .body("type", endsWith("idempotency-key-reused"));
    }

    @Test
    void aRepeatedReservationForOneBookingReservesOnce() {
        long vaccineId = Api.registerVaccine(5);
        String body = "{\"bookingId\":\"" + UUID.randomUUID() + "\"}";
        for (int i = 0; i < 3; i++) {
            Api.asBookingFn().baseUri(RunningSystem.url(Function.VACCINE)).contentType(ContentType.JSON).body(body)
                    .post("/vaccines/" + vaccineId + "/reservations").then().statusCode(201);
        }
        Api.vaccine(vaccineId).body("reserved", equalTo(1), "available", equalTo(4));
    }

    private static Response bookWithKey(String customer, long vaccineId, String key) {
        return Api.asAgent().baseUri(RunningSystem.url(Function.BOOKING)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccineId + "}")
                .post("/bookings");
    }

    private static int bookingsOf(String customer) throws Exception {
        try (Connection db = RunningSystem.database(Function.BOOKING);
                PreparedStatement query = db.prepareStatement("select count(*) from booking where customer_id = ?")) {
            query.setString(1, customer);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
