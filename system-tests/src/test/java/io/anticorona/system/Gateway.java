package io.anticorona.system;

import io.anticorona.devstack.Tokens;
import io.anticorona.devstack.Function;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** The system as customers and admins reach it: through the gateway only. */
final class Gateway {

    private Gateway() {
    }

    /** Through the gateway with no token. */
    static RequestSpecification anonymous() {
        return given().baseUri(RunningSystem.url(Function.GATEWAY));
    }

    /** Through the gateway with a user's token. */
    static RequestSpecification as(String user) {
        return anonymous().auth().oauth2(Tokens.of(user));
    }

    /** Through the gateway as the booking agent, who acts for the made-up customers of the tests. */
    static RequestSpecification request() {
        return as(Tokens.AGENT);
    }

    static long registerVaccine(String name, int stock) {
        return as(Tokens.VADMIN).contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"stock\":" + stock + "}")
                .post("/vaccines").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static ValidatableResponse book(String customerId, long vaccineId) {
        return request().contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customerId + "\",\"vaccineId\":" + vaccineId + "}")
                .post("/bookings").then();
    }

    static ValidatableResponse myPage(String customerId) {
        return request().get("/mypages/" + customerId).then().statusCode(200);
    }

    static ValidatableResponse worklist() {
        return as(Tokens.NURSE).get("/injections?status=READY").then().statusCode(200);
    }

    static ValidatableResponse complete(String bookingId) {
        return as(Tokens.NURSE).post("/injections/" + bookingId + "/complete").then();
    }
}
