package io.anticorona.mypage;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.SseClient;
import io.anticorona.devstack.Tokens;
import io.anticorona.mypage.live.MyPageStreams;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import static io.anticorona.mypage.Events.T0;
import static io.anticorona.mypage.Events.confirmed;
import static io.anticorona.mypage.Events.newCustomer;
import static io.anticorona.mypage.Events.newVaccineId;
import static io.anticorona.mypage.Events.vaccineRegistered;
import static io.anticorona.mypage.Events.waitlisted;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * My Page that updates itself: the stream sends the page at connect and again after each event that concerns it,
 * fed by PostgreSQL LISTEN/NOTIFY from the projection's transaction.
 */
@QuarkusTest
class MyPageStreamTest {

    /** Generous for a shared 2-core machine; the stream usually answers within tens of milliseconds. */
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private final Events events = new Events();

    @Inject
    MyPageStreams streams;

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void aSubscriberGetsThePageAtConnectAndAgainAfterAnEvent() {
        String customer = newCustomer();
        long vaccine = newVaccineId();
        UUID booking = UUID.randomUUID();
        try (SseClient stream = open(customer, Tokens.of(Tokens.AGENT))) {
            JsonPath first = stream.next(WITHIN);
            assertEquals(customer, first.getString("customerId"));
            assertEquals(List.of(), first.getList("bookings"));

            events.send(vaccineRegistered(vaccine, "Novavax"), confirmed(booking, customer, vaccine, false, 2, T0));
            JsonPath page = stream.until(p -> p.getList("notifications").size() == 1, WITHIN);
            assertEquals(booking.toString(), page.getString("bookings[0].bookingId"));
            assertEquals("BOOKED", page.getString("bookings[0].status"));
            assertNull(page.get("bookings[0].waitlistPosition"));
            assertEquals("CONFIRMED", page.getString("notifications[0].kind"));
            assertEquals(booking.toString(), page.getString("notifications[0].bookingId"));
            assertEquals(vaccine, page.getLong("notifications[0].vaccineId"));
        }
    }

    @Test
    void aWaitersStreamMovesUpWhenSomeoneAheadIsPromoted() {
        long vaccine = newVaccineId();
        String ahead = newCustomer();
        String waiter = newCustomer();
        UUID aheadBooking = UUID.randomUUID();
        UUID waiterBooking = UUID.randomUUID();
        events.send(waitlisted(aheadBooking, ahead, vaccine, 10, 2, T0),
                waitlisted(waiterBooking, waiter, vaccine, 11, 2, T0.plusMinutes(1)));
        await().atMost(WITHIN).untilAsserted(() -> Events.asAgent().get("/mypages/" + waiter).then()
                .body("bookings[0].waitlistPosition", equalTo(2)));

        try (SseClient stream = open(waiter, Tokens.of(Tokens.AGENT))) {
            assertEquals(2, stream.next(WITHIN).getInt("bookings[0].waitlistPosition"));
            // Another customer's booking: only the waitlist this waiter is in ties it to their page.
            events.send(confirmed(aheadBooking, ahead, vaccine, true, 3, T0.plusMinutes(2)));
            JsonPath moved = stream.until(p -> Integer.valueOf(1).equals(p.get("bookings[0].waitlistPosition")), WITHIN);
            assertEquals("WAITING", moved.getString("bookings[0].status"));
            assertEquals(1, moved.getList("notifications").size(), "the promotion is the other customer's news");
        }
    }

    @Test
    void aCustomerStreamsOnlyTheirOwnPage() {
        try (SseClient others = open("carol", Tokens.of(Tokens.BOB))) {
            assertEquals(403, others.status());
        }
        try (SseClient own = open("bob", Tokens.of(Tokens.BOB))) {
            assertEquals(200, own.status());
            assertEquals("bob", own.next(WITHIN).getString("customerId"));
        }
        given().auth().oauth2(Tokens.of(Tokens.BOB)).accept("text/event-stream").get("/mypages/carol/stream")
                .then().statusCode(403).contentType("application/problem+json");
        given().accept("text/event-stream").get("/mypages/carol/stream").then().statusCode(401);
    }

    @Test
    void aClosedStreamFreesItsSubscription() {
        int before = streams.open();
        SseClient stream = open(newCustomer(), Tokens.of(Tokens.AGENT));
        stream.next(WITHIN);
        assertEquals(before + 1, streams.open());
        stream.close();
        await().atMost(WITHIN).until(() -> streams.open() == before);
    }

    private static SseClient open(String customer, String token) {
        return SseClient.open("http://localhost:" + RestAssured.port + "/mypages/" + customer + "/stream", token);
    }
}
