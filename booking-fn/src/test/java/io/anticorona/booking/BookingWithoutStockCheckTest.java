package io.anticorona.booking;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** booking-fn on its own (vaccine-fn unreachable): it answers quickly and never keeps a half-made booking. */
@QuarkusTest
@WithTestResource(UnreachableStockCheck.class)
class BookingWithoutStockCheckTest {

    @Test
    void aBookingAnswers503WithRetryAfterAndLeavesNothingBehindWhenTheStockCheckIsUnreachable() {
        String customer = "c-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"customerId\":\"" + customer + "\",\"vaccineId\":1}")
                .post("/bookings")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", endsWith("stock-check-unavailable"));
        given().get("/bookings?customerId=" + customer).then().statusCode(200).body("$", empty());
    }

    @Test
    void badBookingsAreProblemsBeforeAnyStockCheck() {
        given().contentType(ContentType.JSON).body("{\"customerId\":\"\",\"vaccineId\":-1}").post("/bookings")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        given().get("/bookings/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theFunctionIsReadyWithItsDatabaseMigrated() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
