package io.anticorona.system;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.anticorona.devstack.Function;
import io.anticorona.devstack.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import static io.anticorona.devstack.Tokens.AGENT;
import static io.anticorona.devstack.Tokens.ALICE;
import static io.anticorona.devstack.Tokens.BOB;
import static io.anticorona.devstack.Tokens.CAROL;
import static io.anticorona.devstack.Tokens.NURSE;
import static io.anticorona.devstack.Tokens.VADMIN;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * The contract's access table ("Identity and access"), each call both allowed and refused, with real tokens from the
 * run's Keycloak: once through the gateway and once on the functions' own ports, where nothing trusts the network.
 * Refused calls change nothing that is stored.
 */
@ExtendWith(RunningSystem.class)
class AccessTest {

    @ParameterizedTest(name = "via {0}")
    @ValueSource(strings = { "gateway", "own ports" })
    void theAccessTableHoldsCallByCall(String via) {
        boolean gateway = via.equals("gateway");
        long vaccineId = as(gateway, Function.VACCINE, VADMIN).contentType(ContentType.JSON)
                .body("{\"name\":\"" + Api.uniqueName("Access") + "\",\"stock\":1}").post("/vaccines")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        anonymous(gateway, Function.VACCINE).get("/vaccines").then().statusCode(200).body("id", hasItem((int) vaccineId));
        anonymous(gateway, Function.VACCINE).get("/vaccines/" + vaccineId).then().statusCode(200);
        for (String user : List.of(ALICE, AGENT, NURSE)) {
            as(gateway, Function.VACCINE, user).contentType(ContentType.JSON).body("{\"name\":\"X" + UUID.randomUUID() + "\",\"stock\":1}")
                    .post("/vaccines").then().statusCode(403).contentType("application/problem+json");
            as(gateway, Function.VACCINE, user).contentType(ContentType.JSON).body("{\"quantity\":1000000}")
                    .post("/vaccines/" + vaccineId + "/stock").then().statusCode(403);
            as(gateway, Function.VACCINE, user).contentType("text/csv")
                    .body("shipmentId,vaccineName,quantity\ns-" + UUID.randomUUID() + ",Y,5\n")
                    .post("/vaccines/imports").then().statusCode(403);
        }
        anonymous(gateway, Function.VACCINE).contentType(ContentType.JSON).body("{\"quantity\":1000000}")
                .post("/vaccines/" + vaccineId + "/stock").then().statusCode(401).contentType("application/problem+json");
        as(gateway, Function.VACCINE, VADMIN).post("/vaccines/imports/inbox").then().statusCode(200);
        Api.vaccine(vaccineId).body("stock", equalTo(1), "reserved", equalTo(0));

        // alice books for herself (customerId left out), not for bob; the agent books for carol.
        String alices = as(gateway, Function.BOOKING, ALICE).contentType(ContentType.JSON).body("{\"vaccineId\":" + vaccineId + "}")
                .post("/bookings").then().statusCode(201).body("customerId", equalTo(ALICE), "status", equalTo("BOOKED"))
                .extract().path("id");
        as(gateway, Function.BOOKING, ALICE).contentType(ContentType.JSON)
                .body("{\"customerId\":\"bob\",\"vaccineId\":" + vaccineId + "}").post("/bookings")
                .then().statusCode(403).body("type", endsWith("not-your-customer-id"));
        Api.asAgent().baseUri(RunningSystem.url(Function.BOOKING)).get("/bookings?customerId=bob")
                .then().statusCode(200).body("size()", equalTo(0));
        for (String user : List.of(VADMIN, NURSE)) {
            as(gateway, Function.BOOKING, user).contentType(ContentType.JSON)
                    .body("{\"customerId\":\"bob\",\"vaccineId\":" + vaccineId + "}").post("/bookings").then().statusCode(403);
        }
        String carols = as(gateway, Function.BOOKING, AGENT).contentType(ContentType.JSON)
                .body("{\"customerId\":\"carol\",\"vaccineId\":" + vaccineId + "}").post("/bookings")
                .then().statusCode(201).body("customerId", equalTo(CAROL), "status", equalTo("WAITING")).extract().path("id");

        // Reading and cancelling: one's own or, for the agent, anyone's; someone else's booking does not exist.
        as(gateway, Function.BOOKING, ALICE).get("/bookings/" + alices).then().statusCode(200);
        as(gateway, Function.BOOKING, AGENT).get("/bookings/" + alices).then().statusCode(200);
        as(gateway, Function.BOOKING, BOB).get("/bookings/" + alices).then().statusCode(404).contentType("application/problem+json");
        as(gateway, Function.BOOKING, BOB).post("/bookings/" + alices + "/cancel").then().statusCode(404);
        as(gateway, Function.BOOKING, NURSE).get("/bookings/" + alices).then().statusCode(403);
        anonymous(gateway, Function.BOOKING).post("/bookings/" + alices + "/cancel").then().statusCode(401);
        as(gateway, Function.BOOKING, BOB).get("/bookings?customerId=alice").then().statusCode(403);
        as(gateway, Function.BOOKING, ALICE).get("/bookings").then().statusCode(200).body("id", hasItem(alices));
        as(gateway, Function.BOOKING, AGENT).get("/bookings?customerId=alice").then().statusCode(200).body("id", hasItem(alices));
        Api.booking(alices).statusCode(200).body("status", equalTo("BOOKED"));

        // My Page: one's own, or the agent; bob cannot read alice's.
        await().untilAsserted(() -> as(gateway, Function.MYPAGE, ALICE).get("/mypages/alice").then().statusCode(200)
                .body("bookings.bookingId", hasItem(alices)));
        as(gateway, Function.MYPAGE, AGENT).get("/mypages/alice").then().statusCode(200);
        as(gateway, Function.MYPAGE, BOB).get("/mypages/alice").then().statusCode(403).contentType("application/problem+json");
        anonymous(gateway, Function.MYPAGE).get("/mypages/alice").then().statusCode(401);

        // The worklist and completing are the nurse's.
        await().untilAsserted(() -> as(gateway, Function.INJECTION, NURSE).get("/injections").then().statusCode(200)
                .body("bookingId", hasItem(alices)));
        for (String user : List.of(ALICE, AGENT, VADMIN)) {
            as(gateway, Function.INJECTION, user).get("/injections").then().statusCode(403);
            as(gateway, Function.INJECTION, user).post("/injections/" + alices + "/complete").then().statusCode(403);
        }
        as(gateway, Function.INJECTION, NURSE).get("/injections").then().body("bookingId", hasItem(alices));
        Api.vaccine(vaccineId).body("stock", equalTo(1), "reserved", equalTo(1));

        // Cleaning up is itself allowed: alice cancels her own, which promotes carol; the agent cancels carol's.
        as(gateway, Function.BOOKING, ALICE).post("/bookings/" + alices + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        await().untilAsserted(() -> Api.booking(carols).body("status", equalTo("BOOKED")));
        as(gateway, Function.BOOKING, AGENT).post("/bookings/" + carols + "/cancel").then().statusCode(200);
    }

    @Test
    void theStockCheckAndTheEventEndpointAreForTheFunctionsOnly() {
        long vaccineId = Api.registerVaccine(3);
        String reservation = "{\"bookingId\":\"" + UUID.randomUUID() + "\"}";
        Gateway.anonymous().auth().oauth2(Tokens.bookingFn()).contentType(ContentType.JSON).body(reservation)
                .post("/vaccines/" + vaccineId + "/reservations").then().statusCode(404);
        for (String user : List.of(VADMIN, AGENT, ALICE)) {
            Api.as(user).baseUri(RunningSystem.url(Function.VACCINE)).contentType(ContentType.JSON).body(reservation)
                    .post("/vaccines/" + vaccineId + "/reservations").then().statusCode(403).contentType("application/problem+json");
        }
        Api.vaccine(vaccineId).body("reserved", equalTo(0));
        Api.asBookingFn().baseUri(RunningSystem.url(Function.VACCINE)).contentType(ContentType.JSON).body(reservation)
                .post("/vaccines/" + vaccineId + "/reservations").then().statusCode(201);
        Api.vaccine(vaccineId).body("reserved", equalTo(1));

        Gateway.anonymous().auth().oauth2(Tokens.eventing()).contentType("application/json").body("{}").post("/events")
                .then().statusCode(404);
        for (Function function : List.of(Function.VACCINE, Function.BOOKING, Function.INJECTION, Function.MYPAGE)) {
            given().baseUri(RunningSystem.url(function)).auth().oauth2(Tokens.of(VADMIN)).contentType("application/json")
                    .body("{}").post("/events").then().statusCode(401).contentType("application/problem+json");
            // The event delivery's token passes; the body is then judged, and this one is no CloudEvent.
            given().baseUri(RunningSystem.url(function)).auth().oauth2(Tokens.eventing()).contentType("application/json")
                    .body("{}").post("/events").then().statusCode(400).body("type", endsWith("malformed-event"));
        }
    }

    @Test
    void forgedUnsignedForeignAndExpiredTokensAreRefusedEverywhere() throws InterruptedException {
        long vaccineId = Api.registerVaccine(2);
        String expiring = Identity.shortLived(VADMIN, 3);
        for (Function function : List.of(Function.VACCINE, Function.GATEWAY)) {
            given().baseUri(RunningSystem.url(function)).auth().oauth2(expiring).contentType(ContentType.JSON)
                    .body("{\"quantity\":1}").post("/vaccines/" + vaccineId + "/stock").then().statusCode(200);
        }
        Thread.sleep(4_000);
        // Accepted (and remembered) while valid, refused once expired.
        List<String> refused = List.of(expiring, Identity.tampered(VADMIN), Identity.unsigned(VADMIN),
                Identity.fromAnotherIssuer());
        for (String token : refused) {
            for (Function function : List.of(Function.VACCINE, Function.GATEWAY)) {
                given().baseUri(RunningSystem.url(function)).auth().oauth2(token).contentType(ContentType.JSON)
                        .body("{\"quantity\":1000}").post("/vaccines/" + vaccineId + "/stock")
                        .then().statusCode(401).contentType("application/problem+json")
                        .header("WWW-Authenticate", startsWith("Bearer"));
                // Even where no token is needed, a bad one is refused rather than ignored.
                given().baseUri(RunningSystem.url(function)).auth().oauth2(token).get("/vaccines").then().statusCode(401);
            }
            for (Function function : List.of(Function.BOOKING, Function.MYPAGE, Function.INJECTION)) {
                String path = switch (function) {
                    case BOOKING -> "/bookings?customerId=alice";
                    case MYPAGE -> "/mypages/alice";
                    default -> "/injections";
                };
                given().baseUri(RunningSystem.url(function)).auth().oauth2(token).get(path)
                        .then().statusCode(401).contentType("application/problem+json");
            }
        }
        Api.vaccine(vaccineId).body("stock", equalTo(4));
    }

    private static RequestSpecification anonymous(boolean gateway, Function function) {
        return given().baseUri(RunningSystem.url(gateway ? Function.GATEWAY : function));
    }

    private static RequestSpecification as(boolean gateway, Function function, String user) {
        return anonymous(gateway, function).auth().oauth2(Tokens.of(user));
    }

}
