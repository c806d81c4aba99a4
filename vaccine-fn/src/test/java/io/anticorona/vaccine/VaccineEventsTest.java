package io.anticorona.vaccine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.vaccine.service.Vaccine;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static io.anticorona.vaccine.VaccineApi.get;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.reserve;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class VaccineEventsTest {

    private KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers());
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void registeringPublishesVaccineRegisteredAsABinaryCloudEventKeyedByVaccine() {
        String name = uniqueName("Pfizer");
        long id = register(name, 7);
        ConsumerRecord<String, String> record = awaitEvent("vaccine-events", String.valueOf(id), "VaccineRegistered");
        assertTrue(record.value().contains("\"name\":\"" + name + "\""), record.value());
        assertEquals("/vaccine-fn", header(record, "ce_source"));
        assertEquals("1.0", header(record, "ce_specversion"));
        assertNotNull(UUID.fromString(header(record, "ce_id")));
        assertNotNull(header(record, "ce_time"));
    }

    @Test
    void cancellingABookedBookingReleasesItsDoseOnceEvenWhenDeliveredTwice() {
        long id = register(uniqueName("Moderna"), 1);
        UUID booking = UUID.randomUUID();
        reserve(id, booking).statusCode(201);
        ProducerRecord<String, String> cancelled = bookingEvent(UUID.randomUUID(), "BookingCancelled", booking,
                "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + ",\"previousStatus\":\"BOOKED\"}");
        kafka.produceStrings().fromRecords(cancelled, cancelled).awaitCompletion();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id).body("reserved", equalTo(0)));
        ConsumerRecord<String, String> released = awaitEvent("vaccine-events", String.valueOf(id), "ReservationReleased");
        assertTrue(released.value().contains(booking.toString()));
        // A later, different cancellation event for the same booking must not release a second dose either.
        kafka.produceStrings().fromRecords(bookingEvent(UUID.randomUUID(), "BookingCancelled", booking,
                "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + ",\"previousStatus\":\"BOOKED\"}")).awaitCompletion();
        reserve(id, UUID.randomUUID()).statusCode(201);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> get(id).body("reserved", equalTo(1), "stock", equalTo(1)));
    }

    @Test
    void anAbandonmentThatOvertakesItsReservationMakesTheLateReservationFailAndHoldsNoDose() {
        long id = register(uniqueName("Overtaken"), 1);
        UUID booking = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        kafka.produceStrings().fromRecords(bookingEvent(eventId, "BookingAbandoned", booking,
                "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + "}")).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).until(() -> processed(eventId));

        reserve(id, booking).statusCode(409).body("type", org.hamcrest.Matchers.endsWith("reservation-released"));
        get(id).body("reserved", equalTo(0), "available", equalTo(1));
        reserve(id, UUID.randomUUID()).statusCode(201);
    }

    private static boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Vaccine.getEntityManager()
                .createNativeQuery("select count(*) from processed_event where id = ?1")
                .setParameter(1, eventId).getSingleResult()).intValue() == 1);
    }

    @Test
    void cancellingAWaitingBookingReleasesOnlyADoseItHeld() {
        long id = register(uniqueName("Novavax"), 2);
        reserve(id, UUID.randomUUID()).statusCode(201);
        // A promotion reserved this one, then rolled back: it is still WAITING in booking-fn, but holds a dose.
        UUID heldByAWaiter = UUID.randomUUID();
        reserve(id, heldByAWaiter).statusCode(201);
        UUID waiting = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        kafka.produceStrings().fromRecords(
                bookingEvent(UUID.randomUUID(), "BookingCancelled", heldByAWaiter,
                        "{\"bookingId\":\"" + heldByAWaiter + "\",\"vaccineId\":" + id + ",\"previousStatus\":\"WAITING\"}"),
                bookingEvent(eventId, "BookingCancelled", waiting,
                        "{\"bookingId\":\"" + waiting + "\",\"vaccineId\":" + id + ",\"previousStatus\":\"WAITING\"}"))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id).body("reserved", equalTo(1), "stock", equalTo(2)));
        await().atMost(Duration.ofSeconds(20)).until(() -> processed(eventId));
        // The waiter that held nothing is barred from a late reservation, as an abandoned booking is.
        reserve(id, waiting).statusCode(409).body("type", org.hamcrest.Matchers.endsWith("reservation-released"));
    }

    @Test
    void aCompletedInjectionTakesTheDoseOutOfStockAndReserved() {
        long id = register(uniqueName("Janssen"), 3);
        UUID booking = UUID.randomUUID();
        reserve(id, booking).statusCode(201);
        ProducerRecord<String, String> completed = new ProducerRecord<>("injection-events", booking.toString(),
                "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + "}");
        cloudEventHeaders(completed, UUID.randomUUID(), "InjectionCompleted");
        kafka.produceStrings().fromRecords(completed, completed).awaitCompletion();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> get(id).body("stock", equalTo(2), "reserved", equalTo(0)));
    }

    @Test
    void anInjectionThatCrossedItsCancellationStillTakesTheDoseOutOfStock() {
        long id = register(uniqueName("Valneva"), 3);
        UUID booking = UUID.randomUUID();
        reserve(id, booking).statusCode(201);
        kafka.produceStrings().fromRecords(bookingEvent(UUID.randomUUID(), "BookingCancelled", booking,
                "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + ",\"previousStatus\":\"BOOKED\"}")).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id).body("reserved", equalTo(0)));
        ProducerRecord<String, String> completed = new ProducerRecord<>("injection-events", booking.toString(),
                "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + "}");
        cloudEventHeaders(completed, UUID.randomUUID(), "InjectionCompleted");
        kafka.produceStrings().fromRecords(completed).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id).body("stock", equalTo(2), "reserved", equalTo(0)));
    }

    private ConsumerRecord<String, String> awaitEvent(String topic, String key, String type) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> kafka.consumeStrings()
                .fromTopics(topic, Duration.ofSeconds(1)).awaitCompletion().getRecords().stream()
                .filter(r -> key.equals(r.key()) && type.equals(header(r, "ce_type")))
                .findFirst().orElse(null), r -> r != null);
    }

    static ProducerRecord<String, String> bookingEvent(UUID eventId, String type, UUID bookingId, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>("booking-events", bookingId.toString(), json);
        cloudEventHeaders(record, eventId, type);
        return record;
    }

    static void cloudEventHeaders(ProducerRecord<String, String> record, UUID eventId, String type) {
        for (Header header : List.of(
                new RecordHeader("ce_specversion", bytes("1.0")),
                new RecordHeader("ce_id", bytes(eventId.toString())),
                new RecordHeader("ce_type", bytes(type)),
                new RecordHeader("ce_source", bytes("/test")),
                new RecordHeader("content-type", bytes("application/json")))) {
            record.headers().add(header);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
