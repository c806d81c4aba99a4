package io.anticorona.system;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;
import io.anticorona.devstack.LocalKeycloak;
import io.anticorona.devstack.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak stopped mid-run: the functions keep serving the tokens they can check with the keys they hold, and
 * booking-fn books with its cached service-account token; new logins fail with a clear error; a booking-fn that
 * has no service-account token yet answers a fast 503 stock-check-unavailable, and recovers when Keycloak is back.
 */
@ExtendWith(RunningSystem.class)
class KeycloakDownTest {

    @Test
    void functionsHoldingKeysAndTokensKeepServingWhileKeycloakIsDown() {
        long vaccineId = Api.registerVaccine(10);
        String agent = fresh(Tokens.AGENT);
        String vadmin = fresh(Tokens.VADMIN);
        String nurse = fresh(Tokens.NURSE);
        book(agent, Api.customer(), vaccineId).then().statusCode(201); // booking-fn now holds its own token
        LocalKeycloak keycloak = RunningSystem.stack().keycloak();
        keycloak.stop();
        try {
            String booked = book(agent, Api.customer(), vaccineId).then().statusCode(201)
                    .body("status", equalTo("BOOKED")).extract().path("id");
            Gateway.anonymous().auth().oauth2(agent).get("/bookings/" + booked).then().statusCode(200);
            Gateway.anonymous().auth().oauth2(vadmin).contentType(ContentType.JSON).body("{\"quantity\":5}")
                    .post("/vaccines/" + vaccineId + "/stock").then().statusCode(200).body("stock", equalTo(15));
            Gateway.anonymous().auth().oauth2(nurse).get("/injections").then().statusCode(200);
            Gateway.anonymous().auth().oauth2(agent).get("/mypages/someone").then().statusCode(200);

            IllegalStateException login = assertThrows(IllegalStateException.class, () -> fresh(Tokens.ALICE));
            assertTrue(login.getMessage().contains("cannot be reached"), login.getMessage());
        } finally {
            keycloak.start();
        }
        Api.vaccine(vaccineId).body("reserved", equalTo(2));
    }

    @Test
    void withoutAServiceAccountTokenBookingAnswersAFast503UntilKeycloakIsBack() {
        long vaccineId = Api.registerVaccine(10);
        String agent = fresh(Tokens.AGENT);
        // A fresh booking-fn holds the realm's keys from its start, and no service-account token yet.
        RunningSystem.stack().function(Function.BOOKING).stop();
        RunningSystem.stack().startAndAwait(Function.BOOKING);
        given().baseUri(RunningSystem.url(Function.BOOKING)).auth().oauth2(agent).get("/bookings?customerId=nobody")
                .then().statusCode(200);
        LocalKeycloak keycloak = RunningSystem.stack().keycloak();
        keycloak.stop();
        String customer = Api.customer();
        try {
            long started = System.nanoTime();
            Response refused = book(agent, customer, vaccineId);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("KEYCLOAK DOWN: a booking without a service-account token answered %d in %d ms%n",
                    refused.statusCode(), millis);
            refused.then().statusCode(503).contentType("application/problem+json")
                    .body("type", endsWith("stock-check-unavailable"));
            assertNotNull(refused.header("Retry-After"));
            given().baseUri(RunningSystem.url(Function.BOOKING)).auth().oauth2(agent).get("/bookings?customerId=" + customer)
                    .then().statusCode(200).body("size()", equalTo(0));
        } finally {
            keycloak.start();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> book(agent, customer, vaccineId).statusCode() == 201);
        assertEquals(1, Api.vaccine(vaccineId).extract().jsonPath().getInt("reserved"));
    }

    private static Response book(String token, String customer, long vaccineId) {
        return Gateway.anonymous().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccineId + "}").post("/bookings");
    }

    /** A token of its own for this test, so that no cached one runs out while Keycloak is down. */
    private static String fresh(String user) {
        return Tokens.fresh(Map.of("grant_type", "password", "client_id", Tokens.CLI_CLIENT, "username", user,
                "password", user));
    }
}
