package io.anticorona.injection;

import java.util.List;
import java.util.UUID;

import io.anticorona.devstack.Tokens;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Small helpers that speak injection-fn's HTTP API. */
final class InjectionApi {

    private InjectionApi() {
    }

    static ValidatableResponse complete(UUID bookingId) {
        return asNurse().post("/injections/" + bookingId + "/complete").then();
    }

    /** The booking ids listed in one status, in the order the API gives them. */
    static List<String> listed(String status) {
        return asNurse().queryParam("status", status).get("/injections")
                .then().statusCode(200).extract().jsonPath().getList("bookingId", String.class);
    }

    static List<String> worklist() {
        return asNurse().get("/injections").then().statusCode(200).extract().jsonPath().getList("bookingId", String.class);
    }

    /** A request with the injection admin's token (user nurse). */
    static RequestSpecification asNurse() {
        return given().auth().oauth2(Tokens.of(Tokens.NURSE));
    }

    static String customer() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
