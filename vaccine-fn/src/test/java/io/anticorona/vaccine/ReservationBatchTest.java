package io.anticorona.vaccine;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.anticorona.vaccine.ReservationTest.concurrently;
import static io.anticorona.vaccine.VaccineApi.asBookingFn;
import static io.anticorona.vaccine.VaccineApi.get;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.reserve;
import static io.anticorona.vaccine.VaccineApi.reserveAll;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ReservationBatchTest {

    @Test
    void aBatchThatCrossesTheLastDoseReservesInOrderUntilTheStockIsGone() {
        long id = register(uniqueName("Pfizer"), 3);
        List<UUID> bookings = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        reserveAll(id, bookings).statusCode(200)
                .body("results.bookingId", contains(bookings.stream().map(UUID::toString).toArray()))
                .body("results.result", contains("reserved", "reserved", "reserved", "sold-out", "sold-out"));
        get(id).body("stock", equalTo(3), "reserved", equalTo(3), "available", equalTo(0));
    }

    @Test
    void aRepeatedBatchReservesNothingTwice() {
        long id = register(uniqueName("Moderna"), 10);
        UUID held = UUID.randomUUID();
        reserve(id, held).statusCode(201);
        UUID fresh = UUID.randomUUID();
        reserveAll(id, List.of(held, fresh, fresh)).statusCode(200)
                .body("results.result", contains("reserved", "reserved"));
        reserveAll(id, List.of(fresh, held)).statusCode(200).body("results.result", contains("reserved", "reserved"));
        get(id).body("reserved", equalTo(2));
    }

    @Test
    void aBookingOfAnotherVaccineIsRefusedAndTakesNoDose() {
        long first = register(uniqueName("Sinovac"), 5);
        long second = register(uniqueName("Sputnik"), 5);
        UUID booking = UUID.randomUUID();
        reserve(first, booking).statusCode(201);
        reserveAll(second, List.of(booking, UUID.randomUUID())).statusCode(200)
                .body("results.result", contains("reservation-mismatch", "reserved"));
        get(second).body("reserved", equalTo(1));
    }

    @Test
    void concurrentBatchesAndSingleReservationsTakeExactlyTheStock() throws Exception {
        long id = register(uniqueName("AstraZeneca"), 120);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        List<Long> granted = concurrently(40, () -> {
            if (calls.getAndIncrement() % 2 == 0) { // 20 single reservations and 20 batches of 10: 220 asked for 120
                return reserve(id, UUID.randomUUID()).extract().statusCode() == 201 ? 1L : 0L;
            }
            List<UUID> batch = IntStream.range(0, 10).mapToObj(n -> UUID.randomUUID()).toList();
            List<String> results = reserveAll(id, batch).statusCode(200).extract().jsonPath().getList("results.result");
            return results.stream().filter("reserved"::equals).count();
        });
        assertEquals(120, granted.stream().mapToLong(Long::longValue).sum());
        get(id).body("reserved", equalTo(120), "available", equalTo(0));
    }

    @Test
    void aBatchOfOneAnswersLikeAnyBatch() {
        long first = register(uniqueName("Covaxin"), 1);
        long second = register(uniqueName("Sanofi"), 1);
        UUID booking = UUID.randomUUID();
        reserveAll(first, List.of(booking)).statusCode(200).body("results.result", contains("reserved"));
        reserveAll(first, List.of(booking)).statusCode(200).body("results.result", contains("reserved"));
        reserveAll(first, List.of(UUID.randomUUID())).statusCode(200).body("results.result", contains("sold-out"));
        reserveAll(second, List.of(booking)).statusCode(200).body("results.result", contains("reservation-mismatch"));
        get(first).body("reserved", equalTo(1));
        get(second).body("reserved", equalTo(0));
    }

    @Test
    void aBatchForAnUnknownVaccineIsNotFound() {
        reserveAll(987654, List.of(UUID.randomUUID())).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anEmptyOversizedOrMalformedBatchIsABadRequest() {
        long id = register(uniqueName("Novavax"), 5);
        reserveAll(id, List.of()).statusCode(400).contentType("application/problem+json");
        reserveAll(id, IntStream.range(0, 501).mapToObj(i -> UUID.randomUUID()).toList()).statusCode(400)
                .contentType("application/problem+json");
        for (String body : List.of("{\"bookingIds\":[null]}", "{\"bookingIds\":[\"not-a-uuid\"]}", "{\"bookingIds\":\"x\"}", "{}")) {
            asBookingFn().contentType(ContentType.JSON).body(body).post("/vaccines/" + id + "/reservations/batch").then()
                    .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
        get(id).body("reserved", equalTo(0));
    }

    @Test
    void onlyBookingFnMayReserveABatch() {
        long id = register(uniqueName("Janssen"), 5);
        VaccineApi.asAdmin().contentType(ContentType.JSON).body("{\"bookingIds\":[\"" + UUID.randomUUID() + "\"]}")
                .post("/vaccines/" + id + "/reservations/batch").then().statusCode(403);
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body("{\"bookingIds\":[\"" + UUID.randomUUID() + "\"]}")
                .post("/vaccines/" + id + "/reservations/batch").then().statusCode(401);
        get(id).body("reserved", equalTo(0)).body("available", equalTo(5));
    }
}
