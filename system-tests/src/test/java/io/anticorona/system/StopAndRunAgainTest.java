package io.anticorona.system;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code make stop}, then {@code make run}: the functions stop cleanly before Kafka does, and each consumer gets its
 * partitions back at once, so a booking change made right after the restart takes effect within seconds (not after
 * the old consumers' 45 s session timeout, as when the launcher killed the functions under Kafka).
 */
@ExtendWith(RunningSystem.class) // for the test run's Keycloak, which the system below shares
class StopAndRunAgainTest {

    /** Seconds, where an event applied by a consumer that has its partitions takes well under one. */
    private static final Duration AFTER_RESTART = Duration.ofSeconds(10);
    /** A first start creates the consumer groups, which takes longer. */
    private static final Duration FIRST_START = Duration.ofSeconds(90);

    @Test
    void aCancellationRightAfterMakeStopAndMakeRunPromotesTheNextWaiterWithinSeconds() {
        Path root = Path.of(System.getProperty("anticorona.project.root", "..")).toAbsolutePath().normalize();
        try (MakeRun system = MakeRun.in(root, root.resolve("system-tests/target/make-run")).run()) {
            long vaccineId = registerVaccine(system, 1);
            String holder = book(system, Api.customer(), vaccineId, "BOOKED");
            String first = book(system, Api.customer(), vaccineId, "WAITING");
            String secondCustomer = Api.customer();
            String second = book(system, secondCustomer, vaccineId, "WAITING");
            // Every consumer works before the stop: the cancellation frees the dose and the first waiter gets it.
            as(system).post("/bookings/" + holder + "/cancel").then().statusCode(200);
            await().atMost(FIRST_START).untilAsserted(() -> as(system).get("/bookings/" + first).then()
                    .statusCode(200).body("status", equalTo("BOOKED")));
            await().atMost(FIRST_START).untilAsserted(() -> as(system).get("/mypages/" + secondCustomer).then()
                    .statusCode(200).body("bookings[0].status", equalTo("WAITING")));

            system.stop();
            system.run();

            as(system).post("/bookings/" + first + "/cancel").then().statusCode(200);
            await().atMost(AFTER_RESTART).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> as(system)
                    .get("/bookings/" + second).then().statusCode(200).body("status", equalTo("BOOKED")));
            await().atMost(AFTER_RESTART).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> as(system)
                    .get("/mypages/" + secondCustomer).then().statusCode(200).body("bookings[0].status", equalTo("BOOKED")));
        }
    }

    private static RequestSpecification as(MakeRun system) {
        return given().baseUri(system.gateway()).auth().oauth2(Tokens.of(Tokens.AGENT));
    }

    private static long registerVaccine(MakeRun system, int stock) {
        return given().baseUri(system.gateway()).auth().oauth2(Tokens.of(Tokens.VADMIN)).contentType(ContentType.JSON)
                .body("{\"name\":\"" + Api.uniqueName("Restart") + "\",\"stock\":" + stock + "}")
                .post("/vaccines").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String book(MakeRun system, String customerId, long vaccineId, String status) {
        return as(system).contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customerId + "\",\"vaccineId\":" + vaccineId + "}")
                .post("/bookings").then().statusCode(201).body("status", equalTo(status)).extract().path("id");
    }
}
