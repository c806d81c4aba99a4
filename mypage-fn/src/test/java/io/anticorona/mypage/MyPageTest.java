package io.anticorona.mypage;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import static io.anticorona.mypage.Events.asAgent;
import static io.anticorona.mypage.Events.T0;
import static io.anticorona.mypage.Events.cancelled;
import static io.anticorona.mypage.Events.confirmed;
import static io.anticorona.mypage.Events.injected;
import static io.anticorona.mypage.Events.injectedBare;
import static io.anticorona.mypage.Events.newCustomer;
import static io.anticorona.mypage.Events.newVaccineId;
import static io.anticorona.mypage.Events.vaccineRegistered;
import static io.anticorona.mypage.Events.waitlisted;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
class MyPageTest {

    private final Events events = new Events();

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void theFeedTellsEverythingThatHappenedToACustomersBookings() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        events.send(vaccineRegistered(vaccine, "Pfizer"),
                confirmed(first, customer, vaccine, false, 2, T0),
                cancelled(first, customer, vaccine, "BOOKED", 3, T0.plusMinutes(5)),
                waitlisted(second, customer, vaccine, 2, T0.plusMinutes(10)),
                confirmed(second, customer, vaccine, true, 3, T0.plusMinutes(20)),
                injected(second, customer, vaccine, T0.plusMinutes(30)));

        // The vaccine's name comes on another topic, so it may show before or after the booking events.
        JsonPath page = await().atMost(Duration.ofSeconds(20)).until(() -> page(customer).extract().jsonPath(),
                p -> p.getList("notifications").size() >= 5 && "Pfizer".equals(p.getString("bookings[0].vaccineName")));
        assertEquals(customer, page.getString("customerId"));
        assertEquals(List.of(
                "Your booking for Pfizer is confirmed.",
                "Your booking for Pfizer was cancelled.",
                "You are on the waitlist for Pfizer.",
                "A dose of Pfizer freed up: you were promoted from the waitlist and your booking is confirmed.",
                "Your Pfizer injection is done."), page.getList("notifications.message"));
        assertEquals(List.of("2021-06-01T09:00:00Z", "2021-06-01T09:05:00Z", "2021-06-01T09:10:00Z",
                "2021-06-01T09:20:00Z", "2021-06-01T09:30:00Z"), page.getList("notifications.at"));
        // Newest first.
        assertEquals(List.of(second.toString(), first.toString()), page.getList("bookings.bookingId"));
        assertEquals(List.of("INJECTED", "CANCELLED"), page.getList("bookings.status"));
        assertEquals(List.of("Pfizer", "Pfizer"), page.getList("bookings.vaccineName"));
        assertEquals(List.of("2021-06-01T09:30:00Z", "2021-06-01T09:05:00Z"), page.getList("bookings.updatedAt"));
        assertEquals(vaccine, page.getLong("bookings[0].vaccineId"));
    }

    @Test
    void aCancellationThatArrivesBeforeItsConfirmationWins() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID booking = UUID.randomUUID();
        // Same key, so the older confirmation is consumed after the newer cancellation.
        events.send(cancelled(booking, customer, vaccine, "BOOKED", 4, T0.plusMinutes(5)),
                confirmed(booking, customer, vaccine, false, 2, T0));

        JsonPath page = awaitPage(customer, 2);
        assertEquals(List.of("CANCELLED"), page.getList("bookings.status"));
        assertEquals("2021-06-01T09:05:00Z", page.getString("bookings[0].updatedAt"));
        // Both things did happen, and the feed tells them in the order they happened.
        assertEquals(List.of("Your booking for vaccine #" + vaccine + " is confirmed.",
                "Your booking for vaccine #" + vaccine + " was cancelled."), page.getList("notifications.message"));
    }

    @Test
    void anEventDeliveredTwiceNotifiesOnce() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID booking = UUID.randomUUID();
        ProducerRecord<String, String> confirmation = confirmed(booking, customer, vaccine, false, 2, T0);
        // The cancellation has the same key, so once it shows, both deliveries of the confirmation were consumed.
        events.send(confirmation, confirmation, cancelled(booking, customer, vaccine, "BOOKED", 3, T0.plusMinutes(1)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> page(customer).body("bookings[0].status", equalTo("CANCELLED")));
        page(customer).body("notifications", hasSize(2), "notifications[0].message", equalTo(
                "Your booking for vaccine #" + vaccine + " is confirmed."));
    }

    @Test
    void anInjectionIsFinalWhateverArrivesAfterIt() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID booking = UUID.randomUUID();
        // Different topics: either may be applied first; the booking ends INJECTED either way.
        events.send(injected(booking, customer, vaccine, T0.plusMinutes(30)),
                cancelled(booking, customer, vaccine, "BOOKED", 5, T0.plusMinutes(40)),
                confirmed(booking, customer, vaccine, false, 2, T0));

        JsonPath page = awaitPage(customer, 3);
        assertEquals(3, page.getList("notifications").size());
        assertEquals(List.of("INJECTED"), page.getList("bookings.status"));
        assertEquals("2021-06-01T09:30:00Z", page.getString("bookings[0].updatedAt"));
    }

    @Test
    void anInjectionEventWithoutCustomerIsPlacedByItsBooking() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID booking = UUID.randomUUID();
        events.send(confirmed(booking, customer, vaccine, false, 2, T0));
        awaitPage(customer, 1);

        events.send(injectedBare(booking, vaccine));
        JsonPath page = awaitPage(customer, 2);
        assertEquals(2, page.getList("notifications").size());
        assertEquals(List.of("INJECTED"), page.getList("bookings.status"));
        assertEquals("Your vaccine #" + vaccine + " injection is done.", page.getString("notifications[1].message"));
    }

    @Test
    void aVaccineNameThatArrivesLateStillShows() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        events.send(waitlisted(UUID.randomUUID(), customer, vaccine, 2, T0));
        JsonPath before = awaitPage(customer, 1);
        assertNull(before.getString("bookings[0].vaccineName"));
        assertEquals("You are on the waitlist for vaccine #" + vaccine + ".", before.getString("notifications[0].message"));

        events.send(vaccineRegistered(vaccine, "Moderna"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> page(customer).body(
                "bookings[0].vaccineName", equalTo("Moderna"),
                "notifications[0].message", equalTo("You are on the waitlist for Moderna.")));
    }

    @Test
    void aWaitingBookingShowsItsPlaceInLineByTheWaitlistOrderOrForOlderEventsByTime() {
        long vaccine = newVaccineId();
        String early = newCustomer();
        String late = newCustomer();
        // The waitlist order decides, not the event time (booking-fn's seq is the line).
        events.send(waitlisted(UUID.randomUUID(), late, vaccine, 7, 2, T0),
                waitlisted(UUID.randomUUID(), early, vaccine, 3, 2, T0.plusMinutes(5)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            page(early).body("bookings[0].status", equalTo("WAITING"), "bookings[0].waitlistPosition", equalTo(1));
            page(late).body("bookings[0].waitlistPosition", equalTo(2));
        });

        long older = newVaccineId();
        String first = newCustomer();
        String second = newCustomer();
        // Events from before waitlistOrder was carried: the time they tell decides.
        events.send(waitlisted(UUID.randomUUID(), second, older, 2, T0.plusMinutes(1)),
                waitlisted(UUID.randomUUID(), first, older, 2, T0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            page(first).body("bookings[0].waitlistPosition", equalTo(1));
            page(second).body("bookings[0].waitlistPosition", equalTo(2));
        });
    }

    @Test
    void aNotificationTellsWhatHappenedToWhichBooking() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID booking = UUID.randomUUID();
        ProducerRecord<String, String> waitlisting = waitlisted(booking, customer, vaccine, 1, 2, T0);
        events.send(waitlisting);
        JsonPath page = awaitPage(customer, 1);
        assertEquals(new String(waitlisting.headers().lastHeader("ce_id").value()), page.getString("notifications[0].eventId"));
        assertEquals("WAITLISTED", page.getString("notifications[0].kind"));
        assertEquals(booking.toString(), page.getString("notifications[0].bookingId"));
        assertEquals(vaccine, page.getLong("notifications[0].vaccineId"));
        assertNull(page.get("notifications[0].vaccineName"));
        assertEquals(true, page.getMap("notifications[0]").containsKey("vaccineName"), "null while unknown, but there");

        events.send(vaccineRegistered(vaccine, "Janssen"), cancelled(booking, customer, vaccine, "WAITING", 3, T0.plusMinutes(1)));
        page = await().atMost(Duration.ofSeconds(20)).until(() -> page(customer).extract().jsonPath(),
                p -> p.getList("notifications").size() == 2 && "Janssen".equals(p.getString("notifications[0].vaccineName")));
        assertEquals(List.of("WAITLISTED", "CANCELLED"), page.getList("notifications.kind"));
        assertEquals("Your booking for Janssen was cancelled.", page.getString("notifications[1].message"));
        assertEquals(false, page.getMap("bookings[0]").containsKey("waitlistPosition"), "only a WAITING booking has a place");
    }

    @Test
    void anUnknownCustomerHasAnEmptyPage() {
        String nobody = "nobody-" + UUID.randomUUID();
        page(nobody).body("customerId", equalTo(nobody), "bookings", empty(), "notifications", empty());
    }

    @Test
    void anOverlongCustomerIdIsABadRequest() {
        asAgent().get("/mypages/" + "c".repeat(101))
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400), "violations[0].field", equalTo("customerId"));
        asAgent().get("/mypages/" + "c".repeat(100)).then().statusCode(200).body("bookings", empty());
    }

    private static ValidatableResponse page(String customer) {
        return asAgent().get("/mypages/" + customer).then().statusCode(200).contentType("application/json");
    }

    /** The page once it shows this many notifications (one per event applied); more would fail the caller's checks. */
    private static JsonPath awaitPage(String customer, int notifications) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> page(customer).extract().jsonPath(), page -> page.getList("notifications").size() >= notifications);
    }
}
