package io.anticorona.booking;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * booking-fn's side of the contract with vaccine-fn: it understands vaccine-fn's answers exactly as devstack's
 * contracts pin them (vaccine-fn's BookingFnContractTest checks that vaccine-fn gives them). The stand-in serves the
 * pinned answers; VaccineProblems reads their problem type.
 */
@QuarkusTest
@WithTestResource(FakeVaccineFn.class)
class VaccineFnContractTest {

    @Test
    void theSoldOutResultPutsTheBookingOnTheWaitlist() {
        long vaccine = newVaccineId();
        book(newCustomer(), vaccine).statusCode(201).body("status", equalTo("WAITING"), "waitlistPosition", equalTo(1));
    }

    @Test
    void theReservedResultBooksAndTheSoldOutResultWaits() {
        long vaccine = newVaccineId();
        FakeVaccineFn.addDoses(vaccine, 1);
        book(newCustomer(), vaccine).statusCode(201).body("status", equalTo("BOOKED"));
        book(newCustomer(), vaccine).statusCode(201).body("status", equalTo("WAITING"));
    }

    @Test
    void theUnknownVaccineAnswerIsANotFoundProblemAndLeavesNothingBehind() {
        long vaccine = newVaccineId();
        FakeVaccineFn.unknown(vaccine);
        String customer = newCustomer();
        book(customer, vaccine).statusCode(404).contentType("application/problem+json").body("type", endsWith("not-found"));
        asAgent().get("/bookings?customerId=" + customer).then().statusCode(200).body("$", empty());
    }

    /**
     * Books as a client does, again after a 503 with Retry-After: the first stock check of a fresh instance (its token,
     * its connection) may outlast the 1 s timeout on a busy machine, and that answer says nothing about the contract.
     */
    private static ValidatableResponse book(String customer, long vaccine) {
        Response answer = null;
        for (int attempt = 0; attempt < 5 && (answer == null || answer.statusCode() == 503); attempt++) {
            answer = asAgent().contentType(ContentType.JSON)
                    .body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccine + "}").post("/bookings");
        }
        return answer.then();
    }

    private static long newVaccineId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
    }

    private static String newCustomer() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RequestSpecification asAgent() {
        return given().auth().oauth2(Tokens.of(Tokens.AGENT));
    }
}
