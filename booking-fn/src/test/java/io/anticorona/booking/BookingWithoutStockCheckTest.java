package io.anticorona.booking;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

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
        as(Tokens.AGENT).contentType(ContentType.JSON).body("{\"customerId\":\"" + customer + "\",\"vaccineId\":1}")
                .post("/bookings")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", endsWith("stock-check-unavailable"));
        as(Tokens.AGENT).get("/bookings?customerId=" + customer).then().statusCode(200).body("$", empty());
    }

    @Test
    void badBookingsAreProblemsBeforeAnyStockCheck() {
        as(Tokens.AGENT).contentType(ContentType.JSON).body("{\"customerId\":\"\",\"vaccineId\":-1}").post("/bookings")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        as(Tokens.AGENT).get("/bookings/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void withoutATokenEveryCallIs401ProblemJson() {
        given().contentType(ContentType.JSON).body("{\"vaccineId\":1}").post("/bookings").then().statusCode(401)
                .contentType("application/problem+json").body("type", endsWith("unauthorized"));
        given().get("/bookings?customerId=alice").then().statusCode(401).contentType("application/problem+json");
        given().get("/bookings/" + UUID.randomUUID()).then().statusCode(401);
        given().post("/bookings/" + UUID.randomUUID() + "/cancel").then().statusCode(401);
    }

    @Test
    void aCustomerMayNotBookOrListForSomeoneElse() {
        as(Tokens.ALICE).contentType(ContentType.JSON).body("{\"customerId\":\"bob\",\"vaccineId\":1}").post("/bookings")
                .then().statusCode(403).contentType("application/problem+json").body("type", endsWith("not-your-customer-id"));
        as(Tokens.ALICE).get("/bookings?customerId=bob").then().statusCode(403).contentType("application/problem+json");
        as(Tokens.AGENT).get("/bookings?customerId=bob").then().statusCode(200).body("$", empty());
    }

    @Test
    void staffOtherThanAgentsMayNotBook() {
        for (String user : List.of(Tokens.VADMIN, Tokens.NURSE)) {
            as(user).contentType(ContentType.JSON).body("{\"customerId\":\"c-x\",\"vaccineId\":1}").post("/bookings")
                    .then().statusCode(403).contentType("application/problem+json").body("type", endsWith("forbidden"));
        }
    }

    @Test
    void anAgentMustNameTheCustomer() {
        as(Tokens.AGENT).contentType(ContentType.JSON).body("{\"vaccineId\":1}").post("/bookings")
                .then().statusCode(400).contentType("application/problem+json").body("type", endsWith("customer-required"));
    }

    @Test
    void theFunctionIsReadyWithItsDatabaseMigrated() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user));
    }
}
