package io.anticorona.system;

import io.restassured.specification.RequestSpecification;
import io.anticorona.devstack.Tokens;
import java.util.UUID;

import io.anticorona.devstack.Function;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** The system's public HTTP API, as the tests use it. */
final class Api {

    private Api() {
    }

    static long registerVaccine(int stock) {
        return as(Tokens.VADMIN).baseUri(RunningSystem.url(Function.VACCINE)).contentType(ContentType.JSON)
                .body("{\"name\":\"" + uniqueName("Vaccine") + "\",\"stock\":" + stock + "}")
                .post("/vaccines").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static ValidatableResponse vaccine(long id) {
        return given().baseUri(RunningSystem.url(Function.VACCINE)).get("/vaccines/" + id).then().statusCode(200);
    }

    static ValidatableResponse addStock(long id, int quantity) {
        return as(Tokens.VADMIN).baseUri(RunningSystem.url(Function.VACCINE)).contentType(ContentType.JSON)
                .body("{\"quantity\":" + quantity + "}").post("/vaccines/" + id + "/stock").then().statusCode(200);
    }

    static Response book(String customerId, long vaccineId) {
        return asAgent().baseUri(RunningSystem.url(Function.BOOKING)).contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customerId + "\",\"vaccineId\":" + vaccineId + "}")
                .post("/bookings");
    }

    static ValidatableResponse cancel(String bookingId) {
        return asAgent().baseUri(RunningSystem.url(Function.BOOKING)).post("/bookings/" + bookingId + "/cancel").then();
    }

    static ValidatableResponse booking(String bookingId) {
        return asAgent().baseUri(RunningSystem.url(Function.BOOKING)).get("/bookings/" + bookingId).then();
    }

    /** A request with a user's access token (password grant of anticorona-cli). */
    static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user));
    }

    /** The booking agent books, reads and cancels for the many distinct customers the tests make up. */
    static RequestSpecification asAgent() {
        return as(Tokens.AGENT);
    }

    /** booking-fn's service account: the only caller vaccine-fn lets reserve. */
    static RequestSpecification asBookingFn() {
        return given().auth().oauth2(Tokens.bookingFn());
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String customer() {
        return uniqueName("c");
    }
}
