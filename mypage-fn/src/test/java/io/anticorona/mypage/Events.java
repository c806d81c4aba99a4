package io.anticorona.mypage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.Tokens;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Produces events as the other functions do: JSON values, binary CloudEvents headers, keyed by aggregate id. */
final class Events implements AutoCloseable {

    static final OffsetDateTime T0 = OffsetDateTime.parse("2021-06-01T09:00:00Z");

    /** Longer than the companion's 10 s default: a loaded test machine has taken longer (2026-12-07 CI). */
    private static final Duration SEND_PATIENCE = Duration.ofSeconds(30);

    private final KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers());

    /** A request with the booking agent's token: an agent reads anyone's My Page. */
    static RequestSpecification asAgent() {
        return RestAssured.given().auth().oauth2(Tokens.of(Tokens.AGENT));
    }

    static long newVaccineId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
    }

    static String newCustomer() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ProducerRecord<String, String> vaccineRegistered(long vaccineId, String name) {
        return record("vaccine-events", UUID.randomUUID(), "VaccineRegistered", String.valueOf(vaccineId),
                "{\"vaccineId\":%d,\"name\":\"%s\",\"stock\":10}".formatted(vaccineId, name));
    }

    static ProducerRecord<String, String> confirmed(UUID bookingId, String customerId, long vaccineId, boolean promoted,
            int version, OffsetDateTime at) {
        return record("booking-events", UUID.randomUUID(), "BookingConfirmed", bookingId.toString(), """
                {"bookingId":"%s","customerId":"%s","vaccineId":%d,"promoted":%b,"version":%d,"at":"%s"}"""
                .formatted(bookingId, customerId, vaccineId, promoted, version, at));
    }

    static ProducerRecord<String, String> waitlisted(UUID bookingId, String customerId, long vaccineId, int version,
            OffsetDateTime at) {
        return record("booking-events", UUID.randomUUID(), "BookingWaitlisted", bookingId.toString(), """
                {"bookingId":"%s","customerId":"%s","vaccineId":%d,"version":%d,"at":"%s"}"""
                .formatted(bookingId, customerId, vaccineId, version, at));
    }

    /** As booking-fn sends it now: with the booking's place in the waitlist order. */
    static ProducerRecord<String, String> waitlisted(UUID bookingId, String customerId, long vaccineId, long waitlistOrder,
            int version, OffsetDateTime at) {
        return record("booking-events", UUID.randomUUID(), "BookingWaitlisted", bookingId.toString(), """
                {"bookingId":"%s","customerId":"%s","vaccineId":%d,"waitlistOrder":%d,"version":%d,"at":"%s"}"""
                .formatted(bookingId, customerId, vaccineId, waitlistOrder, version, at));
    }

    static ProducerRecord<String, String> cancelled(UUID bookingId, String customerId, long vaccineId,
            String previousStatus, int version, OffsetDateTime at) {
        return record("booking-events", UUID.randomUUID(), "BookingCancelled", bookingId.toString(), """
                {"bookingId":"%s","customerId":"%s","vaccineId":%d,"previousStatus":"%s","version":%d,"at":"%s"}"""
                .formatted(bookingId, customerId, vaccineId, previousStatus, version, at));
    }

    static ProducerRecord<String, String> injected(UUID bookingId, String customerId, long vaccineId, OffsetDateTime at) {
        return record("injection-events", UUID.randomUUID(), "InjectionCompleted", bookingId.toString(), """
                {"bookingId":"%s","customerId":"%s","vaccineId":%d,"at":"%s"}"""
                .formatted(bookingId, customerId, vaccineId, at));
    }

    /** As the system tests send it: no customer, no time. */
    static ProducerRecord<String, String> injectedBare(UUID bookingId, long vaccineId) {
        return record("injection-events", UUID.randomUUID(), "InjectionCompleted", bookingId.toString(),
                "{\"bookingId\":\"%s\",\"vaccineId\":%d}".formatted(bookingId, vaccineId));
    }

    static ProducerRecord<String, String> record(String topic, UUID eventId, String type, String key, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        for (Header header : List.of(
                new RecordHeader("ce_specversion", bytes("1.0")),
                new RecordHeader("ce_id", bytes(eventId.toString())),
                new RecordHeader("ce_type", bytes(type)),
                new RecordHeader("ce_source", bytes("/test")),
                new RecordHeader("content-type", bytes("application/json")))) {
            record.headers().add(header);
        }
        return record;
    }

    @SafeVarargs
    final void send(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(SEND_PATIENCE);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
