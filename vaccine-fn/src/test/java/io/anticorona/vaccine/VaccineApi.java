package io.anticorona.vaccine;

import java.util.UUID;

import io.anticorona.devstack.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** Small helpers that speak vaccine-fn's HTTP API. */
final class VaccineApi {

    private VaccineApi() {
    }

    static long register(String name, int stock) {
        return asAdmin().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"stock\":" + stock + "}")
                .post("/vaccines").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static ValidatableResponse reserve(long vaccineId, UUID bookingId) {
        return asBookingFn().contentType(ContentType.JSON).body("{\"bookingId\":\"" + bookingId + "\"}")
                .post("/vaccines/" + vaccineId + "/reservations").then();
    }

    static ValidatableResponse reserveAll(long vaccineId, java.util.List<UUID> bookingIds) {
        String ids = bookingIds.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(","));
        return asBookingFn().contentType(ContentType.JSON).body("{\"bookingIds\":[" + ids + "]}")
                .post("/vaccines/" + vaccineId + "/reservations/batch").then();
    }

    static ValidatableResponse get(long vaccineId) {
        return given().get("/vaccines/" + vaccineId).then().statusCode(200);
    }

    /** A request with the vaccine admin's token (user vadmin). */
    static RequestSpecification asAdmin() {
        return given().auth().oauth2(Tokens.of(Tokens.VADMIN));
    }

    /** A request with booking-fn's service-account token, the only caller that may reserve. */
    static RequestSpecification asBookingFn() {
        return given().auth().oauth2(Tokens.bookingFn());
    }

    /** A request with the token of the event delivery, the only caller of POST /events. */
    static RequestSpecification asEventing() {
        return given().auth().oauth2(Tokens.eventing());
    }

    /** A request with the token of whoever may call this path. */
    static RequestSpecification asCallerOf(String path) {
        return path.contains("/reservations") ? asBookingFn() : asAdmin();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
