package io.anticorona.booking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The place in line: a WAITING booking carries waitlistPosition (1 is next), current whenever it is read, on every
 * answer; other statuses carry no such field. vaccine-fn is a stand-in that says sold out until a test adds doses.
 */
@QuarkusTest
@WithTestResource(FakeVaccineFn.class)
class WaitlistPositionTest {

    @Test
    void waitersAreNumberedInTheOrderTheyBookedOnEveryAnswer() {
        long vaccine = newVaccineId();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String customer = newCustomer();
            JsonPath created = book(customer, vaccine).statusCode(201)
                    .body("status", equalTo("WAITING"), "waitlistPosition", equalTo(i)).extract().jsonPath();
            ids.add(created.getString("id"));
            asAgent().get("/bookings?customerId=" + customer).then().statusCode(200)
                    .body("[0].status", equalTo("WAITING"), "[0].waitlistPosition", equalTo(i));
        }
        assertEquals(List.of(1, 2, 3, 4), positions(ids));
    }

    @Test
    void waitersMoveUpWhenSomeoneAheadCancelsOrIsPromoted() {
        long vaccine = newVaccineId();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(book(newCustomer(), vaccine).statusCode(201).extract().path("id"));
        }

        Map<String, Object> cancelled = asAgent().post("/bookings/" + ids.get(1) + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).extract().jsonPath().getMap("$");
        assertFalse(cancelled.containsKey("waitlistPosition"), "a cancelled booking has no place in line: " + cancelled);
        assertEquals(List.of(1, 3, 2), positions(List.of(ids.get(0), ids.get(3), ids.get(2))));

        // A dose frees up: the first in line is promoted (WaitlistPromoter, on StockAdded), the rest move up.
        FakeVaccineFn.addDoses(vaccine, 1);
        stockAdded(vaccine);
        Map<String, Object> promoted = asAgent().get("/bookings/" + ids.get(0)).then().statusCode(200)
                .body("status", equalTo("BOOKED")).extract().jsonPath().getMap("$");
        assertFalse(promoted.containsKey("waitlistPosition"), "a booked booking has no place in line: " + promoted);
        assertEquals(List.of(1, 2), positions(List.of(ids.get(2), ids.get(3))));
        asAgent().get("/bookings/" + ids.get(3)).then().body("status", equalTo("WAITING"), "waitlistPosition", equalTo(2));
    }

    @Test
    void freedDosesGoToTheOldestWaitersInOneStockCheck() {
        long vaccine = newVaccineId();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(book(newCustomer(), vaccine).statusCode(201).body("status", equalTo("WAITING")).extract().path("id"));
        }

        FakeVaccineFn.addDoses(vaccine, 3);
        stockAdded(vaccine);

        for (String promoted : ids.subList(0, 3)) {
            asAgent().get("/bookings/" + promoted).then().statusCode(200).body("status", equalTo("BOOKED"));
        }
        assertEquals(List.of(1, 2), positions(ids.subList(3, 5)));
        // The first booking's own stock check, then one for the whole line; the others joined the line without one.
        assertEquals(List.of(1, 5), FakeVaccineFn.batches(vaccine));
    }

    @Test
    void aWaiterThatAlreadyHoldsADoseIsPromotedThoughThoseAheadFindNone() {
        long vaccine = newVaccineId();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(book(newCustomer(), vaccine).statusCode(201).body("status", equalTo("WAITING")).extract().path("id"));
        }
        FakeVaccineFn.holdsDose(ids.get(2));

        stockAdded(vaccine);

        asAgent().get("/bookings/" + ids.get(2)).then().statusCode(200).body("status", equalTo("BOOKED"));
        assertEquals(List.of(1, 2), positions(ids.subList(0, 2)));
    }

    @Test
    void aBookedBookingCarriesNoPlaceInLine() {
        long vaccine = newVaccineId();
        FakeVaccineFn.addDoses(vaccine, 1);
        Map<String, Object> booked = book(newCustomer(), vaccine).statusCode(201).body("status", equalTo("BOOKED"))
                .extract().jsonPath().getMap("$");
        assertFalse(booked.containsKey("waitlistPosition"), booked.toString());
    }

    @Test
    void theWaitlistsAreForVaccineAdminsAndBookingAgentsOnly() {
        long vaccine = newVaccineId();
        book(newCustomer(), vaccine).statusCode(201);
        book(newCustomer(), vaccine).statusCode(201);
        for (String staff : List.of(Tokens.VADMIN, Tokens.AGENT)) {
            List<Map<String, Object>> waitlists = as(staff).get("/bookings/waitlists").then().statusCode(200)
                    .contentType(ContentType.JSON).extract().jsonPath().getList("$");
            assertTrue(waitlists.stream().anyMatch(w -> ((Number) w.get("vaccineId")).longValue() == vaccine
                    && ((Number) w.get("waiting")).intValue() == 2), waitlists.toString());
        }
        as(Tokens.ALICE).get("/bookings/waitlists").then().statusCode(403).contentType("application/problem+json");
        as(Tokens.NURSE).get("/bookings/waitlists").then().statusCode(403).contentType("application/problem+json");
        given().get("/bookings/waitlists").then().statusCode(401);
    }

    @Test
    void theWaitlistedEventCarriesTheWaitlistOrder() {
        long vaccine = newVaccineId();
        String first = book(newCustomer(), vaccine).statusCode(201).extract().path("id");
        String second = book(newCustomer(), vaccine).statusCode(201).extract().path("id");
        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            Map<String, Long> orders = await().atMost(Duration.ofSeconds(20)).until(() -> waitlistOrders(kafka, first, second),
                    found -> found.size() == 2);
            assertTrue(orders.get(first) < orders.get(second), orders.toString());
        }
    }

    private static Map<String, Long> waitlistOrders(KafkaCompanion kafka, String... bookingIds) {
        List<String> wanted = List.of(bookingIds);
        Map<String, Long> orders = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> record : kafka.consumeStrings().fromTopics("booking-events", Duration.ofSeconds(1))
                .awaitCompletion().getRecords()) {
            if (wanted.contains(record.key()) && record.value().contains("waitlistOrder")) {
                orders.put(record.key(), JsonPath.from(record.value()).getLong("waitlistOrder"));
            }
        }
        return orders;
    }

    private static List<Integer> positions(List<String> ids) {
        return ids.stream().map(id -> asAgent().get("/bookings/" + id).then().statusCode(200)
                .body("status", equalTo("WAITING")).extract().jsonPath().getInt("waitlistPosition")).toList();
    }

    /** StockAdded as the event delivery posts it (binary CloudEvent); booking-fn promotes before it answers. */
    private static void stockAdded(long vaccineId) {
        given().auth().oauth2(Tokens.eventing()).contentType(ContentType.JSON)
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "StockAdded").header("ce-source", "/test")
                .body("{\"vaccineId\":" + vaccineId + ",\"quantity\":1,\"stock\":1,\"reserved\":0,\"available\":1}")
                .post("/events").then().statusCode(202);
    }

    private static io.restassured.response.ValidatableResponse book(String customer, long vaccine) {
        return asAgent().contentType(ContentType.JSON).body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccine + "}")
                .post("/bookings").then();
    }

    private static long newVaccineId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
    }

    private static String newCustomer() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RequestSpecification asAgent() {
        return as(Tokens.AGENT);
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user));
    }
}
