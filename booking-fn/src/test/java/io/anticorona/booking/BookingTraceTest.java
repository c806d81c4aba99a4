package io.anticorona.booking;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.Tokens;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With tracing on, one trace follows a booking change from the HTTP request through the outbox, the relay and Kafka
 * into the consumer that acts on it, and on into the events that consumer writes; and an event posted to /events
 * continues the trace its CloudEvents traceparent names. The spans are read from an in-memory exporter.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
@WithTestResource(FakeVaccineFn.class)
class BookingTraceTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aCancellationsTraceRunsThroughTheOutboxAndKafkaIntoTheConsumerThatPromotesTheNextInLine() {
        long vaccine = newVaccineId();
        FakeVaccineFn.addDoses(vaccine, 1);
        String alice = book(newCustomer(), vaccine).body("status", equalTo("BOOKED")).extract().path("id");
        String bob = book(newCustomer(), vaccine).body("status", equalTo("WAITING")).extract().path("id");

        asAgent().post("/bookings/" + alice + "/cancel").then().statusCode(200);
        String trace = await().atMost(EVENTUALLY).until(() -> serverSpan("/bookings/{id}/cancel"), Optional::isPresent)
                .orElseThrow().getTraceId();

        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            ConsumerRecord<String, String> cancelled = awaitRecord(kafka, "booking-events", alice, "BookingCancelled");
            assertEquals(trace, traceId(header(cancelled, "traceparent")), "the record's traceparent");
            assertEquals(trace, traceId(header(cancelled, "ce_traceparent")), "the CloudEvents tracing extension");

            // vaccine-fn's part, as it plays it: it releases the dose and relays ReservationReleased in the same trace.
            FakeVaccineFn.addDoses(vaccine, 1);
            kafka.produceStrings().fromRecords(reservationReleased(vaccine, cancelled)).awaitCompletion();

            await().atMost(EVENTUALLY).untilAsserted(() -> asAgent().get("/bookings/" + bob).then()
                    .body("status", equalTo("BOOKED")));
            await().atMost(EVENTUALLY).until(() -> spans.getFinishedSpanItems().stream().anyMatch(span ->
                    span.getKind() == SpanKind.CONSUMER && span.getName().contains("vaccine-events")
                            && span.getTraceId().equals(trace)));
            ConsumerRecord<String, String> promoted = awaitRecord(kafka, "booking-events", bob, "BookingConfirmed");
            assertEquals(trace, traceId(header(promoted, "traceparent")), "the promotion's event, written by the consumer");
        }
    }

    @Test
    void anEventPostedToEventsContinuesTheTraceOfItsTraceparentExtensionInBinaryAndStructuredMode() {
        String binary = newTraceId();
        eventing().contentType(ContentType.JSON)
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "StockAdded").header("ce-source", "/test")
                .header("ce-traceparent", "00-" + binary + "-00f067aa0ba902b7-01")
                .body(stockAddedData(newVaccineId()))
                .post("/events").then().statusCode(202);
        String structured = newTraceId();
        eventing().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"%s","type":"StockAdded","source":"/test","datacontenttype":"application/json",
                         "traceparent":"00-%s-00f067aa0ba902b7-01","data":%s}"""
                        .formatted(UUID.randomUUID(), structured, stockAddedData(newVaccineId())))
                .post("/events").then().statusCode(202);

        for (String trace : List.of(binary, structured)) {
            await().atMost(EVENTUALLY).until(() -> spans.getFinishedSpanItems().stream().anyMatch(span ->
                    span.getName().equals("StockAdded process") && span.getTraceId().equals(trace)
                            && span.getParentSpanId().equals("00f067aa0ba902b7")));
        }
    }

    private Optional<SpanData> serverSpan(String route) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER && span.getName().endsWith(route))
                .findFirst();
    }

    private static ProducerRecord<String, String> reservationReleased(long vaccine, ConsumerRecord<String, String> cause) {
        ProducerRecord<String, String> record = new ProducerRecord<>("vaccine-events", String.valueOf(vaccine),
                "{\"vaccineId\":" + vaccine + ",\"bookingId\":\"" + cause.key() + "\",\"available\":1}");
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_type", bytes("ReservationReleased")).add("ce_source", bytes("/vaccine-fn"))
                .add("content-type", bytes("application/json"))
                .add("traceparent", bytes(header(cause, "traceparent")));
        return record;
    }

    private static ConsumerRecord<String, String> awaitRecord(KafkaCompanion kafka, String topic, String key, String type) {
        return await().atMost(EVENTUALLY).until(() -> kafka.consumeStrings().fromTopics(topic, Duration.ofSeconds(1))
                .awaitCompletion().getRecords().stream()
                .filter(record -> key.equals(record.key()) && type.equals(header(record, "ce_type")))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The trace id of a W3C traceparent (version-traceid-spanid-flags). */
    private static String traceId(String traceparent) {
        return traceparent == null ? null : traceparent.split("-")[1];
    }

    private static String newTraceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String stockAddedData(long vaccine) {
        return "{\"vaccineId\":" + vaccine + ",\"quantity\":1,\"stock\":1,\"reserved\":0,\"available\":1}";
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static ValidatableResponse book(String customer, long vaccine) {
        return asAgent().contentType(ContentType.JSON).body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccine + "}")
                .post("/bookings").then().statusCode(201);
    }

    private static RequestSpecification eventing() {
        return given().auth().oauth2(Tokens.eventing());
    }

    private static RequestSpecification asAgent() {
        return given().auth().oauth2(Tokens.of(Tokens.AGENT));
    }

    private static long newVaccineId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
    }

    private static String newCustomer() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
