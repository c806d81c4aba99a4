package io.anticorona.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;
import io.restassured.response.Response;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When vaccine-fn is down, booking answers 503 with Retry-After at once, trips its breaker, and recovers. */
@ExtendWith(RunningSystem.class)
class VaccineFnDownTest {

    @Test
    void bookingAnswers503WithRetryAfterWhileVaccineFnIsDownAndRecoversAfterwards() throws Exception {
        long vaccineId = Api.registerVaccine(10);
        List<String> customers = new ArrayList<>();
        List<String> problemTypes = new ArrayList<>();
        long slowestMillis = 0;
        RunningSystem.stack().function(Function.VACCINE).stop();
        try {
            for (int i = 0; i < 30; i++) {
                String customer = Api.customer();
                customers.add(customer);
                long started = System.nanoTime();
                Response response = Api.book(customer, vaccineId);
                slowestMillis = Math.max(slowestMillis, (System.nanoTime() - started) / 1_000_000);
                assertEquals(503, response.statusCode(), response.asString());
                assertEquals("application/problem+json", response.contentType());
                assertNotNull(response.header("Retry-After"));
                assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1);
                problemTypes.add(response.jsonPath().getString("type"));
            }
        } finally {
            RunningSystem.stack().startAndAwait(Function.VACCINE);
        }
        System.out.printf("VACCINE-FN DOWN: slowest 503 took %d ms; problem types %s%n", slowestMillis,
                problemTypes.stream().collect(java.util.stream.Collectors.groupingBy(t -> t, java.util.TreeMap::new,
                        java.util.stream.Collectors.counting())));
        assertTrue(problemTypes.get(0).endsWith("stock-check-unavailable"), problemTypes.get(0));
        assertTrue(problemTypes.get(problemTypes.size() - 1).endsWith("stock-check-circuit-open"),
                "once enough calls failed, the breaker is open and calls fail fast without calling vaccine-fn");
        assertEquals(0, bookingsOf(customers), "no booking is left half-made");

        String customer = customers.get(0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> Api.book(customer, vaccineId).statusCode() == 201);
        Api.vaccine(vaccineId).body("reserved", equalTo(1));
    }

    private static int bookingsOf(List<String> customers) throws Exception {
        try (Connection db = RunningSystem.database(Function.BOOKING);
                PreparedStatement query = db.prepareStatement("select count(*) from booking where customer_id = any(?)")) {
            query.setArray(1, db.createArrayOf("varchar", customers.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
