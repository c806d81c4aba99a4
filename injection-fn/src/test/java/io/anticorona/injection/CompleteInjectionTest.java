package io.anticorona.injection;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.Tokens;
import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.injection.InjectionApi.asNurse;
import static io.anticorona.injection.Events.T0;
import static io.anticorona.injection.Events.cancelled;
import static io.anticorona.injection.Events.confirmed;
import static io.anticorona.injection.Events.header;
import static io.anticorona.injection.InjectionApi.complete;
import static io.anticorona.injection.InjectionApi.customer;
import static io.anticorona.injection.InjectionApi.listed;
import static io.anticorona.injection.InjectionApi.worklist;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CompleteInjectionTest {

    private final Events events = new Events();

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void completingMarksTheEntryInjectedAndPublishesInjectionCompletedKeyedByBooking() {
        String customer = customer();
        UUID booking = ready(customer, 42);

        complete(booking).statusCode(200)
                .body("bookingId", equalTo(booking.toString()), "customerId", equalTo(customer), "vaccineId", equalTo(42),
                        "status", equalTo("INJECTED"), "injectedAt", notNullValue());
        assertFalse(worklist().contains(booking.toString()));
        assertTrue(listed("INJECTED").contains(booking.toString()));

        ConsumerRecord<String, String> event = await().atMost(Duration.ofSeconds(20))
                .until(() -> events.onTopic("injection-events", booking.toString()), records -> !records.isEmpty()).get(0);
        assertEquals("InjectionCompleted", header(event, "ce_type"));
        assertEquals("/injection-fn", header(event, "ce_source"));
        assertTrue(event.value().contains("\"customerId\":\"" + customer + "\""), event.value());
        assertTrue(event.value().contains("\"vaccineId\":42"), event.value());
    }

    @Test
    void aRepeatedCompletionAnswersTheSameAndPublishesOnce() {
        UUID booking = ready(customer(), 42);
        String first = complete(booking).statusCode(200).extract().path("injectedAt");
        complete(booking).statusCode(200).body("status", equalTo("INJECTED"), "injectedAt", equalTo(first));

        // Once the outbox holds nothing for the booking, everything it was given is on the topic.
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingInOutbox(booking) == 0);
        List<ConsumerRecord<String, String>> published = events.onTopic("injection-events", booking.toString());
        assertEquals(1, published.size(), published.toString());
    }

    @Test
    void completingACancelledBookingIsAConflict() {
        UUID booking = UUID.randomUUID();
        String customer = customer();
        events.send(confirmed(booking, customer, 42, 2, T0), cancelled(booking, customer, 42, 3, T0.plusMinutes(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> listed("CANCELLED").contains(booking.toString()));

        complete(booking).statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409), "type", endsWith("booking-cancelled"));
        assertEquals(0, pendingInOutbox(booking));
        assertTrue(listed("CANCELLED").contains(booking.toString()));
    }

    @Test
    void completingABookingThatIsNotConfirmedIsNotFound() {
        UUID unknown = UUID.randomUUID();
        complete(unknown).statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404), "detail", equalTo("No confirmed booking with id " + unknown));
    }

    @Test
    void onlyAnInjectionAdminMayCompleteOrReadTheWorklistAndARefusalChangesNothing() {
        UUID booking = ready(customer(), 42);
        given().post("/injections/" + booking + "/complete").then().statusCode(401).contentType("application/problem+json");
        for (String user : List.of(Tokens.CAROL, Tokens.AGENT, Tokens.VADMIN)) {
            given().auth().oauth2(Tokens.of(user)).post("/injections/" + booking + "/complete")
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(Tokens.of(user)).get("/injections").then().statusCode(403);
        }
        assertTrue(worklist().contains(booking.toString()));
        assertEquals(0, pendingInOutbox(booking));
    }

    @Test
    void aMalformedBookingIdIsAProblem() {
        asNurse().post("/injections/not-a-uuid/complete")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    private UUID ready(String customer, long vaccineId) {
        UUID booking = UUID.randomUUID();
        events.send(confirmed(booking, customer, vaccineId, 2, T0));
        await().atMost(Duration.ofSeconds(20)).until(() -> worklist().contains(booking.toString()));
        return booking;
    }

    private static long pendingInOutbox(UUID booking) {
        return ((Number) InfrastructureResource.row("select count(*) as n from outbox_event where aggregate_id = ?",
                booking.toString()).get("n")).longValue();
    }
}
