package io.anticorona.booking;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In the cluster nothing in-process fires at zero replicas: a Knative PingSource per job posts a tick naming the job
 * to POST /events (deploy/40-eventing.yaml), and the knative profile switches the in-process schedules off. Each tick
 * runs its job; only the event delivery may send one.
 */
@QuarkusTest
@WithTestResource(FakeVaccineFn.class)
@TestProfile(KnativeProfile.class)
class ScheduledJobsTest {

    @Inject
    EntityManager db;

    @Test
    void aWaitlistSweepTickPromotesWhoAnEventMissed() {
        long vaccine = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        String first = book(vaccine).body("status", equalTo("WAITING")).extract().path("id");
        String second = book(vaccine).body("status", equalTo("WAITING")).extract().path("id");
        FakeVaccineFn.addDoses(vaccine, 1); // a dose freed up, and its event never came

        tick("waitlist-sweep").statusCode(202);

        asAgent().get("/bookings/" + first).then().statusCode(200).body("status", equalTo("BOOKED"));
        asAgent().get("/bookings/" + second).then().statusCode(200).body("status", equalTo("WAITING"),
                "waitlistPosition", equalTo(1));
    }

    @Test
    void aPendingSweepTickAbandonsABookingLeftPendingByARequestThatDied() {
        UUID booking = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery("""
                insert into booking (id, customer_id, vaccine_id, status, created_at, updated_at)
                values (?1, ?2, 42, 'PENDING', now() - interval '10 minutes', now() - interval '10 minutes')""")
                .setParameter(1, booking).setParameter(2, "c-" + booking.toString().substring(0, 8)).executeUpdate());

        tick("pending-sweep").statusCode(202);

        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) db.createNativeQuery(
                "select count(*) from booking where id = ?1").setParameter(1, booking).getSingleResult()).longValue()));
        ConsumerRecord<String, String> abandoned = awaitRecord(booking.toString());
        assertEquals(booking.toString(), abandoned.key());
    }

    @Test
    void anOutboxRelayTickSendsAnEventLeftBehind() {
        UUID event = UUID.randomUUID();
        String aggregate = "left-behind-" + event;
        QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery("""
                insert into outbox_event (id, aggregate_id, type, payload, created_at)
                values (?1, ?2, 'BookingAbandoned', '{"vaccineId":42}', now())""")
                .setParameter(1, event).setParameter(2, aggregate).executeUpdate());

        tick("outbox-relay").statusCode(202);

        ConsumerRecord<String, String> relayed = awaitRecord(aggregate);
        assertEquals("{\"vaccineId\":42}", relayed.value());
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) db
                .createNativeQuery("select count(*) from outbox_event where id = ?1").setParameter(1, event)
                .getSingleResult()).longValue()) == 0);
    }

    @Test
    void aTickNamingNoKnownJobIsRefusedForGood() {
        tick("reindex-everything").statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("unknown-job"));
        ping("{}").then().statusCode(400).contentType("application/problem+json").body("type", endsWith("malformed-event"));
        ping("").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyTheEventDeliveryMaySendATick() {
        given().auth().oauth2(Tokens.of(Tokens.AGENT)).contentType(ContentType.JSON)
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "dev.knative.sources.ping").header("ce-source", "/test")
                .body("{\"job\":\"waitlist-sweep\"}").post("/events").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"job\":\"waitlist-sweep\"}").post("/events").then().statusCode(401);
    }

    /** A tick as a PingSource sends it: a binary-mode CloudEvent of type dev.knative.sources.ping, its data the job. */
    private static ValidatableResponse tick(String job) {
        return ping("{\"job\":\"" + job + "\"}").then();
    }

    private static io.restassured.response.Response ping(String data) {
        return given().auth().oauth2(Tokens.eventing()).contentType(ContentType.JSON)
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/anticorona/pingsources/booking-fn-jobs")
                .body(data).post("/events");
    }

    private static ConsumerRecord<String, String> awaitRecord(String key) {
        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            return await().atMost(Duration.ofSeconds(30)).until(() -> kafka.consumeStrings()
                    .fromTopics("booking-events", Duration.ofSeconds(2)).awaitCompletion().getRecords().stream()
                    .filter(r -> key.equals(r.key())).findFirst().orElse(null), r -> r != null);
        }
    }

    private static ValidatableResponse book(long vaccine) {
        String customer = "c-" + UUID.randomUUID().toString().substring(0, 8);
        return asAgent().contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccine + "}")
                .post("/bookings").then().statusCode(201);
    }

    private static io.restassured.specification.RequestSpecification asAgent() {
        return given().auth().oauth2(Tokens.of(Tokens.AGENT));
    }
}
