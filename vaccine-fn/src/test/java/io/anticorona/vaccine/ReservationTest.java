package io.anticorona.vaccine;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.vaccine.VaccineApi.get;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.reserve;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ReservationTest {

    @Test
    void reservesUntilTheStockIsGoneThenAnswersSoldOut() {
        long id = register(uniqueName("Pfizer"), 2);
        reserve(id, UUID.randomUUID()).statusCode(201).body("status", equalTo("RESERVED"));
        reserve(id, UUID.randomUUID()).statusCode(201);
        reserve(id, UUID.randomUUID()).statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("sold-out"));
        get(id).body("stock", equalTo(2), "reserved", equalTo(2), "available", equalTo(0));
    }

    @Test
    void aBookingThatHoldsTheLastDoseGetsItAgainInsteadOfSoldOut() {
        long id = register(uniqueName("Novavax"), 1);
        UUID booking = UUID.randomUUID();
        reserve(id, booking).statusCode(201).body("status", equalTo("RESERVED"));
        reserve(id, booking).statusCode(201).body("status", equalTo("RESERVED"), "bookingId", equalTo(booking.toString()));
        reserve(id, UUID.randomUUID()).statusCode(409).body("type", endsWith("sold-out"));
        get(id).body("reserved", equalTo(1));
    }

    @Test
    void aRepeatedReservationForOneBookingReservesOnce() throws Exception {
        long id = register(uniqueName("Moderna"), 10);
        UUID booking = UUID.randomUUID();
        List<Integer> statuses = concurrently(20, () -> reserve(id, booking).extract().statusCode());
        assertEquals(List.of(201), statuses.stream().distinct().toList());
        get(id).body("reserved", equalTo(1));
    }

    @Test
    void concurrentReservationsNeverPassTheStock() throws Exception {
        long id = register(uniqueName("AstraZeneca"), 50);
        List<Integer> statuses = concurrently(200, () -> reserve(id, UUID.randomUUID()).extract().statusCode());
        assertEquals(50, statuses.stream().filter(s -> s == 201).count());
        assertEquals(150, statuses.stream().filter(s -> s == 409).count());
        get(id).body("reserved", equalTo(50), "available", equalTo(0));
    }

    @Test
    void aBookingCannotHoldDosesOfTwoVaccines() {
        long first = register(uniqueName("Sinovac"), 5);
        long second = register(uniqueName("Sputnik"), 5);
        UUID booking = UUID.randomUUID();
        reserve(first, booking).statusCode(201);
        reserve(second, booking).statusCode(409).body("type", endsWith("reservation-mismatch"));
        get(second).body("reserved", equalTo(0));
    }

    @Test
    void reservingForAnUnknownVaccineIsNotFound() {
        reserve(987654, UUID.randomUUID()).statusCode(404).contentType("application/problem+json");
    }

    static <T> List<T> concurrently(int calls, Callable<T> call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls, 50))) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
