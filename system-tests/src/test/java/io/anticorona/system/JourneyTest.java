package io.anticorona.system;

import io.anticorona.devstack.Tokens;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** A customer books through the gateway, the injection admin completes it, and My Page shows every step. */
@ExtendWith(RunningSystem.class)
class JourneyTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @Test
    void bookWaitCancelPromoteAndInjectThroughTheGateway() {
        String vaccine = Api.uniqueName("Pfizer");
        long vaccineId = Gateway.registerVaccine(vaccine, 2);
        String alice = Api.customer();
        String bob = Api.customer();
        String carol = Api.customer();

        String aliceBooking = Gateway.book(alice, vaccineId).statusCode(201).body("status", equalTo("BOOKED")).extract().path("id");
        String bobBooking = Gateway.book(bob, vaccineId).statusCode(201).body("status", equalTo("BOOKED")).extract().path("id");
        String carolBooking = Gateway.book(carol, vaccineId).statusCode(201).body("status", equalTo("WAITING")).extract().path("id");

        Gateway.request().post("/bookings/" + aliceBooking + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        await().atMost(EVENTUALLY).untilAsserted(() -> Gateway.request().get("/bookings/" + carolBooking)
                .then().statusCode(200).body("status", equalTo("BOOKED")));

        await().atMost(EVENTUALLY).untilAsserted(() -> Gateway.worklist()
                .body("bookingId", hasItems(bobBooking, carolBooking)));
        Gateway.worklist().body("findAll { it.bookingId == '" + aliceBooking + "' }", hasSize(0));
        for (String booking : List.of(bobBooking, carolBooking)) {
            Gateway.complete(booking).statusCode(200).body("status", equalTo("INJECTED"), "injectedAt", notNullValue());
        }

        await().atMost(EVENTUALLY).untilAsserted(() -> Gateway.request().get("/vaccines/" + vaccineId)
                .then().body("stock", equalTo(0), "reserved", equalTo(0)));
        for (String booking : List.of(bobBooking, carolBooking)) {
            await().atMost(EVENTUALLY).untilAsserted(() -> Gateway.request().get("/bookings/" + booking)
                    .then().body("status", equalTo("INJECTED")));
        }
        Gateway.worklist().body("findAll { it.bookingId in ['" + bobBooking + "', '" + carolBooking + "'] }", hasSize(0));
        Gateway.as(Tokens.NURSE).get("/injections?status=INJECTED").then().statusCode(200)
                .body("bookingId", hasItems(bobBooking, carolBooking));

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Gateway.myPage(alice).body("bookings.status", contains("CANCELLED"),
                    "bookings.vaccineName", contains(vaccine), "notifications", hasSize(2));
            Gateway.myPage(bob).body("bookings.status", contains("INJECTED"), "notifications", hasSize(2));
            Gateway.myPage(carol).body("bookings.status", contains("INJECTED"), "notifications", hasSize(3));
        });
        Gateway.myPage(alice).body("notifications[0].message", containsString("confirmed"),
                "notifications[1].message", containsString("cancelled"));
        Gateway.myPage(bob).body("notifications[0].message", containsString("confirmed"),
                "notifications[1].message", containsString("injection"));
        Gateway.myPage(carol).body("notifications[0].message", containsString("waitlist"),
                "notifications[1].message", containsString("promoted"),
                "notifications[2].message", containsString("injection"));
        Gateway.myPage(carol).body("bookings.bookingId", containsInAnyOrder(carolBooking));
    }
}
