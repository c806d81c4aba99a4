package io.anticorona.injection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.anticorona.devstack.InfrastructureResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Produces booking events as booking-fn does (binary CloudEvents, keyed by booking) and reads injection events. */
final class Events implements AutoCloseable {

    static final OffsetDateTime T0 = OffsetDateTime.parse("2030-01-01T09:00:00Z");

    private final KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers());

    static ProducerRecord<String, String> confirmed(UUID bookingId, String customerId, long vaccineId, int version,
            OffsetDateTime at) {
        return confirmed(UUID.randomUUID(), bookingId, customerId, vaccineId, version, at);
    }

    static ProducerRecord<String, String> confirmed(UUID eventId, UUID bookingId, String customerId, long vaccineId,
            int version, OffsetDateTime at) {
        return bookingEvent(eventId, "BookingConfirmed", bookingId, """
                {"bookingId":"%s","customerId":"%s","vaccineId":%d,"promoted":false,"version":%d,"at":"%s"}"""
                .formatted(bookingId, customerId, vaccineId, version, at));
    }

    static ProducerRecord<String, String> cancelled(UUID bookingId, String customerId, long vaccineId, int version,
            OffsetDateTime at) {
        return bookingEvent(UUID.randomUUID(), "BookingCancelled", bookingId, """
                {"bookingId":"%s","customerId":"%s","vaccineId":%d,"previousStatus":"BOOKED","version":%d,"at":"%s"}"""
                .formatted(bookingId, customerId, vaccineId, version, at));
    }

    static ProducerRecord<String, String> bookingEvent(UUID eventId, String type, UUID bookingId, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>("booking-events", bookingId.toString(), json);
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

    /** The same record pinned to partition 0, so that records sent this way are consumed in exactly this order. */
    static ProducerRecord<String, String> onPartition0(ProducerRecord<String, String> record) {
        return new ProducerRecord<>(record.topic(), 0, record.key(), record.value(), record.headers());
    }

    @SafeVarargs
    final void send(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion();
    }

    /** Every record on the topic so far with this key. */
    List<ConsumerRecord<String, String>> onTopic(String topic, String key) {
        return kafka.consumeStrings().fromTopics(topic, Duration.ofSeconds(1)).awaitCompletion().getRecords().stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
