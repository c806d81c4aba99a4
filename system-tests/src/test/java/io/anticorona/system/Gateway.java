package io.anticorona.system;

import io.anticorona.devstack.Function;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** The system as customers and admins reach it: through the gateway only. */
final class Gateway {

    private Gateway() {
    }

    static RequestSpecification request() {
        return given().baseUri(RunningSystem.url(Function.GATEWAY));
    }

    static long registerVaccine(String name, int stock) {
        return request().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"stock\":" + stock + "}")
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
        return request().get("/injections?status=READY").then().statusCode(200);
    }

    static ValidatableResponse complete(String bookingId) {
        return request().post("/injections/" + bookingId + "/complete").then();
    }
}
