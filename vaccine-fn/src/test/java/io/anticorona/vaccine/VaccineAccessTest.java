package io.anticorona.vaccine;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import static io.anticorona.vaccine.VaccineApi.asBookingFn;
import static io.anticorona.vaccine.VaccineApi.get;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** vaccine-fn checks every token itself, on its own port, with real tokens from the test run's Keycloak. */
@QuarkusTest
class VaccineAccessTest {

    @Test
    void anyoneMayReadTheVaccinesWithoutAToken() {
        long id = register(uniqueName("Public"), 3);
        given().get("/vaccines").then().statusCode(200);
        given().get("/vaccines/" + id).then().statusCode(200).body("available", equalTo(3));
    }

    @Test
    void withoutATokenNothingChangesAndTheAnswerIs401ProblemJson() {
        long id = register(uniqueName("NoToken"), 3);
        refused(given(), id, 401);
        get(id).body("stock", equalTo(3), "reserved", equalTo(0));
    }

    @Test
    void aCustomerOrAnAgentMayNotRegisterAddStockImportOrReserve() {
        long id = register(uniqueName("Forbidden"), 3);
        refused(as(Tokens.ALICE), id, 403);
        refused(as(Tokens.AGENT), id, 403);
        refused(as(Tokens.NURSE), id, 403);
        get(id).body("stock", equalTo(3), "reserved", equalTo(0));
    }

    @Test
    void onlyBookingFnsServiceAccountMayReserveNotEvenTheVaccineAdmin() {
        long id = register(uniqueName("Reserve"), 3);
        as(Tokens.VADMIN).contentType(ContentType.JSON).body("{\"bookingId\":\"" + UUID.randomUUID() + "\"}")
                .post("/vaccines/" + id + "/reservations").then().statusCode(403).body("type", endsWith("forbidden"));
        asBookingFn().contentType(ContentType.JSON).body("{\"bookingId\":\"" + UUID.randomUUID() + "\"}")
                .post("/vaccines/" + id + "/reservations").then().statusCode(201);
        get(id).body("reserved", equalTo(1));
    }

    @Test
    void aTamperedTokenIsRefusedEvenWhereNoneIsNeeded() {
        String token = Tokens.of(Tokens.VADMIN);
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().auth().oauth2(tampered).get("/vaccines").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2(tampered).contentType(ContentType.JSON).body("{\"name\":\"" + uniqueName("T") + "\",\"stock\":1}")
                .post("/vaccines").then().statusCode(401);
    }

    @Test
    void onlyTheEventDeliveryMayPostEventsNotAnAdmin() {
        as(Tokens.VADMIN).contentType("application/json").body("{}").post("/events").then().statusCode(401)
                .contentType("application/problem+json");
        asBookingFn().contentType("application/json").body("{}").post("/events").then().statusCode(401);
    }

    @Test
    void aUsersTokenRememberedOnAnotherPathIsStillRefusedAtEventsWhateverCookieComesWithIt() {
        String token = Tokens.of(Tokens.ALICE);
        given().auth().oauth2(token).get("/vaccines").then().statusCode(200);
        for (String cookie : List.of("q_session=x", "q_session_eventing=x", "q_auth=x")) {
            given().auth().oauth2(token).header("Cookie", cookie).contentType("application/json").body("{}")
                    .post("/events").then().statusCode(401);
        }
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user));
    }

    private static void refused(RequestSpecification caller, long id, int status) {
        caller.contentType(ContentType.JSON).body("{\"name\":\"" + uniqueName("X") + "\",\"stock\":1}")
                .post("/vaccines").then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status));
        caller.contentType(ContentType.JSON).body("{\"quantity\":1000000}")
                .post("/vaccines/" + id + "/stock").then().statusCode(status).contentType("application/problem+json");
        caller.contentType("text/csv").body("shipmentId,vaccineName,quantity\ns-" + UUID.randomUUID() + ",Y,5\n")
                .post("/vaccines/imports").then().statusCode(status).contentType("application/problem+json");
        caller.post("/vaccines/imports/inbox").then().statusCode(status);
        caller.contentType(ContentType.JSON).body("{\"bookingId\":\"" + UUID.randomUUID() + "\"}")
                .post("/vaccines/" + id + "/reservations").then().statusCode(status).contentType("application/problem+json");
    }
}
