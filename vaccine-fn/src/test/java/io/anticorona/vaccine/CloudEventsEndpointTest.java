package io.anticorona.vaccine;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.vaccine.service.Vaccine;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static io.anticorona.vaccine.VaccineApi.asEventing;
import static io.anticorona.vaccine.VaccineApi.get;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.reserve;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** In the knative profile, events arrive as CloudEvents over HTTP and have the same effects as on the Kafka path. */
@QuarkusTest
@TestProfile(KnativeProfile.class)
class CloudEventsEndpointTest {

    @Test
    void aBinaryModeCancellationReleasesTheDoseOnceEvenWhenDeliveredTwice() {
        long id = register(uniqueName("Pfizer"), 2);
        UUID booking = UUID.randomUUID();
        reserve(id, booking).statusCode(201);
        String eventId = UUID.randomUUID().toString();
        String data = "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + ",\"previousStatus\":\"BOOKED\"}";
        for (int delivery = 0; delivery < 2; delivery++) {
            binary(eventId, "BookingCancelled").body(data).post("/events").then().statusCode(202);
        }
        get(id).body("reserved", equalTo(0), "stock", equalTo(2));
        reserve(id, UUID.randomUUID()).statusCode(201);
        get(id).body("reserved", equalTo(1));
    }

    @Test
    void aStructuredModeInjectionTakesTheDoseOutOfStock() {
        long id = register(uniqueName("Moderna"), 3);
        UUID booking = UUID.randomUUID();
        reserve(id, booking).statusCode(201);
        String event = """
                {"specversion":"1.0","id":"%s","type":"InjectionCompleted","source":"/injection-fn",
                 "datacontenttype":"application/json","data":{"bookingId":"%s","vaccineId":%d}}"""
                .formatted(UUID.randomUUID(), booking, id);
        asEventing().contentType("application/cloudevents+json").body(event).post("/events").then().statusCode(202);
        get(id).body("stock", equalTo(2), "reserved", equalTo(0));
    }

    @Test
    void anEventWithoutAUsableIdIsRejectedForGood() {
        binary("not-a-uuid", "BookingCancelled").body("{}").post("/events")
                .then().statusCode(400).contentType("application/problem+json").body("type", endsWith("malformed-event"));
        asEventing().contentType("application/json").body("{\"no\":\"cloudevent\"}").post("/events")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theInProcessKafkaConsumersAreOff() {
        long id = register(uniqueName("Novavax"), 1);
        UUID booking = UUID.randomUUID();
        reserve(id, booking).statusCode(201);
        ProducerRecord<String, String> cancelled = VaccineEventsTest.bookingEvent(UUID.randomUUID(), "BookingCancelled",
                booking, "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + ",\"previousStatus\":\"BOOKED\"}");
        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            kafka.produceStrings().fromRecords(cancelled).awaitCompletion();
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> get(id).body("reserved", equalTo(1)));
    }

    @Test
    void anOutboxRelayTickSendsAnEventLeftBehind() {
        UUID event = UUID.randomUUID();
        String aggregate = "left-behind-" + event;
        QuarkusTransaction.requiringNew().run(() -> Vaccine.getEntityManager().createNativeQuery("""
                insert into outbox_event (id, aggregate_id, type, payload, created_at)
                values (?1, ?2, 'StockAdded', '{"vaccineId":42}', now())""")
                .setParameter(1, event).setParameter(2, aggregate).executeUpdate());

        binary(UUID.randomUUID().toString(), "dev.knative.sources.ping").body("{\"job\":\"outbox-relay\"}").post("/events")
                .then().statusCode(202);

        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.consumeStrings()
                    .fromTopics("vaccine-events", Duration.ofSeconds(2)).awaitCompletion().getRecords().stream()
                    .anyMatch(r -> aggregate.equals(r.key())));
        }
    }

    @Test
    void aTickForAJobVaccineFnDoesNotHaveIsRefused() {
        binary(UUID.randomUUID().toString(), "dev.knative.sources.ping").body("{\"job\":\"waitlist-sweep\"}")
                .post("/events").then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("unknown-job"));
    }

    private static RequestSpecification binary(String eventId, String type) {
        return asEventing().contentType("application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", eventId)
                .header("ce-type", type)
                .header("ce-source", "/booking-fn");
    }
}
