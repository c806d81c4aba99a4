package io.anticorona.system;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The traffic after which every operations metric exists: a booking, a wait, a cancellation that promotes the waiter,
 * an injection, a My Page read, and one customer left in line (for the waitlist gauge).
 */
record OperationsTraffic(String alice, String bob, String aliceBooking, String bobBooking) {

    static OperationsTraffic run(String vaccinePrefix) {
        long vaccineId = Gateway.registerVaccine(Api.uniqueName(vaccinePrefix), 1);
        String alice = Api.customer();
        String bob = Api.customer();
        String aliceBooking = Gateway.book(alice, vaccineId).statusCode(201).body("status", equalTo("BOOKED")).extract().path("id");
        String bobBooking = Gateway.book(bob, vaccineId).statusCode(201).body("status", equalTo("WAITING")).extract().path("id");
        Gateway.book(Api.customer(), vaccineId).statusCode(201).body("status", equalTo("WAITING"));
        Gateway.request().post("/bookings/" + aliceBooking + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Gateway.request().get("/bookings/" + bobBooking)
                .then().body("status", equalTo("BOOKED")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Gateway.worklist().body("bookingId", hasItem(bobBooking)));
        Gateway.complete(bobBooking).statusCode(200); // InjectionCompleted: booking-fn's inbox has an event too
        Gateway.myPage(bob).statusCode(200);
        return new OperationsTraffic(alice, bob, aliceBooking, bobBooking);
    }

    /** The ids no metric label may carry (the contract, "Operations"). */
    List<String> ids() {
        return List.of(alice, bob, aliceBooking, bobBooking);
    }
}
