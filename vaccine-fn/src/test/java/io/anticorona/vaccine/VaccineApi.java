package io.anticorona.vaccine;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** Small helpers that speak vaccine-fn's HTTP API. */
final class VaccineApi {

    private VaccineApi() {
    }

    static long register(String name, int stock) {
        return given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"stock\":" + stock + "}")
                .post("/vaccines").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static ValidatableResponse reserve(long vaccineId, UUID bookingId) {
        return given().contentType(ContentType.JSON).body("{\"bookingId\":\"" + bookingId + "\"}")
                .post("/vaccines/" + vaccineId + "/reservations").then();
    }

    static ValidatableResponse get(long vaccineId) {
        return given().get("/vaccines/" + vaccineId).then().statusCode(200);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
