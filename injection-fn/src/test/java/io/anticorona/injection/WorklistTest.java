package io.anticorona.injection;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.injection.InjectionApi.asNurse;
import static io.anticorona.injection.Events.T0;
import static io.anticorona.injection.Events.cancelled;
import static io.anticorona.injection.Events.confirmed;
import static io.anticorona.injection.Events.onPartition0;
import static io.anticorona.injection.InjectionApi.complete;
import static io.anticorona.injection.InjectionApi.customer;
import static io.anticorona.injection.InjectionApi.listed;
import static io.anticorona.injection.InjectionApi.worklist;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class WorklistTest {

    private final Events events = new Events();

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void confirmedBookingsJoinTheWorklistInConfirmationOrder() {
        UUID later = UUID.randomUUID();
        UUID earlier = UUID.randomUUID();
        String customer = customer();
        events.send(confirmed(later, customer, 7, 2, T0.plusHours(2)), confirmed(earlier, "c-other", 8, 2, T0.plusHours(1)));

        List<String> worklist = await().atMost(Duration.ofSeconds(20))
                .until(InjectionApi::worklist, ids -> ids.containsAll(List.of(later.toString(), earlier.toString())));
        assertTrue(worklist.indexOf(earlier.toString()) < worklist.indexOf(later.toString()), worklist.toString());
        asNurse().get("/injections").then().statusCode(200)
                .body("find { it.bookingId == '" + later + "' }.customerId", equalTo(customer),
                        "find { it.bookingId == '" + later + "' }.vaccineId", equalTo(7),
                        "find { it.bookingId == '" + later + "' }.status", equalTo("READY"),
                        "find { it.bookingId == '" + later + "' }.injectedAt", nullValue());
    }

    @Test
    void aCancellationTakesTheEntryOffTheWorklist() {
        UUID booking = UUID.randomUUID();
        String customer = customer();
        events.send(confirmed(booking, customer, 7, 2, T0));
        await().atMost(Duration.ofSeconds(20)).until(() -> worklist().contains(booking.toString()));

        events.send(cancelled(booking, customer, 7, 3, T0.plusMinutes(5)));
        await().atMost(Duration.ofSeconds(20)).until(() -> listed("CANCELLED").contains(booking.toString()));
        assertFalse(worklist().contains(booking.toString()));
    }

    @Test
    void aCancellationThatArrivesBeforeItsConfirmationWins() {
        UUID booking = UUID.randomUUID();
        String customer = customer();
        // Same key, so the stale confirmation is consumed after the cancellation.
        events.send(cancelled(booking, customer, 7, 3, T0.plusMinutes(5)), confirmed(booking, customer, 7, 2, T0));

        // A cancelled entry is listed once its confirmation is known, i.e. after both events were applied.
        await().atMost(Duration.ofSeconds(20)).until(() -> listed("CANCELLED").contains(booking.toString()));
        assertFalse(worklist().contains(booking.toString()));
        complete(booking).statusCode(409).body("type", endsWith("booking-cancelled"));
    }

    @Test
    void aCancellationAfterTheInjectionLeavesItInjected() {
        UUID booking = UUID.randomUUID();
        String customer = customer();
        events.send(confirmed(booking, customer, 7, 2, T0));
        await().atMost(Duration.ofSeconds(20)).until(() -> worklist().contains(booking.toString()));
        complete(booking).statusCode(200);

        UUID marker = UUID.randomUUID();
        events.send(onPartition0(cancelled(booking, customer, 7, 3, T0.plusMinutes(5))),
                onPartition0(confirmed(marker, customer(), 7, 2, T0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> worklist().contains(marker.toString()));
        assertTrue(listed("INJECTED").contains(booking.toString()));
        assertFalse(listed("CANCELLED").contains(booking.toString()));
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() {
        UUID booking = UUID.randomUUID();
        UUID confirmation = UUID.randomUUID();
        String customer = customer();
        events.send(onPartition0(confirmed(confirmation, booking, customer, 7, 2, T0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> worklist().contains(booking.toString()));
        events.send(onPartition0(cancelled(booking, customer, 7, 3, T0.plusMinutes(5))));
        await().atMost(Duration.ofSeconds(20)).until(() -> listed("CANCELLED").contains(booking.toString()));

        // The confirmation's id again, with a version that would win if the event were applied a second time.
        UUID marker = UUID.randomUUID();
        events.send(onPartition0(confirmed(confirmation, booking, customer, 7, 9, T0.plusMinutes(10))),
                onPartition0(confirmed(marker, customer(), 7, 2, T0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> worklist().contains(marker.toString()));
        assertFalse(worklist().contains(booking.toString()));
        assertTrue(listed("CANCELLED").contains(booking.toString()));
    }

    @Test
    void listingByStatusDefaultsToReadyAndRejectsAnUnknownStatus() {
        UUID booking = UUID.randomUUID();
        events.send(confirmed(booking, customer(), 7, 2, T0));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asNurse().queryParam("status", "READY").get("/injections")
                        .then().statusCode(200).body("bookingId", hasItem(booking.toString()), "status", not(hasItems("INJECTED", "CANCELLED"))));

        asNurse().queryParam("status", "DONE").get("/injections")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400), "violations[0].field", equalTo("status"));
    }
}
