package io.anticorona.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;
import io.restassured.http.ContentType;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** A booking request that died after its stock check (left PENDING, holding a dose) is cleaned up by itself. */
@ExtendWith(RunningSystem.class)
class PendingBookingRecoveryTest {

    @Test
    void aBookingLeftPendingByADeadRequestIsAbandonedAndItsDoseReleased() throws Exception {
        long vaccineId = Api.registerVaccine(1);
        String customer = Api.customer();
        UUID stuck = UUID.randomUUID();
        // What a crash between the stock check and settling leaves behind: a reserved dose and a PENDING booking.
        Api.asBookingFn().baseUri(RunningSystem.url(Function.VACCINE)).contentType(ContentType.JSON)
                .body("{\"bookingId\":\"" + stuck + "\"}").post("/vaccines/" + vaccineId + "/reservations")
                .then().statusCode(201);
        try (Connection db = RunningSystem.database(Function.BOOKING);
                PreparedStatement insert = db.prepareStatement("""
                        insert into booking (id, customer_id, vaccine_id, status, created_at, updated_at)
                        values (?, ?, ?, 'PENDING', now() - interval '5 minutes', now() - interval '5 minutes')""")) {
            insert.setObject(1, stuck);
            insert.setString(2, customer);
            insert.setLong(3, vaccineId);
            insert.executeUpdate();
        }
        Api.book(customer, vaccineId).then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("booking-in-progress"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.book(customer, vaccineId).statusCode() == 201);
        Api.booking(stuck.toString()).statusCode(404);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.vaccine(vaccineId).body("reserved", equalTo(1), "stock", equalTo(1)));
        Api.asAgent().baseUri(RunningSystem.url(Function.BOOKING)).get("/bookings?customerId=" + customer)
                .then().statusCode(200).body("status", org.hamcrest.Matchers.contains("BOOKED"));
    }
}
