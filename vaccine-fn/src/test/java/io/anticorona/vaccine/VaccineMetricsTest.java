package io.anticorona.vaccine;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.MetricsScrape;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static io.anticorona.vaccine.VaccineApi.get;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.reserve;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vaccine-fn's outbox backlog and inbox counts, as Prometheus scrapes them from /q/metrics. */
@QuarkusTest
class VaccineMetricsTest {

    private static final String INBOX = "anticorona_inbox_events_total";

    @Test
    void theOutboxBacklogIsExportedAndDrainsToZeroOnceRelayed() {
        register(uniqueName("Novavax"), 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            MetricsScrape scrape = scrape();
            return scrape.has("anticorona_outbox_pending_events") && scrape.value("anticorona_outbox_pending_events") == 0
                    && scrape.has("anticorona_outbox_oldest_event_age_seconds")
                    && scrape.value("anticorona_outbox_oldest_event_age_seconds") == 0;
        });
    }

    @Test
    void theInboxCountsAnAppliedEventAndItsRedeliveryAsADuplicate() {
        long id = register(uniqueName("Sputnik"), 1);
        UUID booking = UUID.randomUUID();
        reserve(id, booking).statusCode(201);
        MetricsScrape before = scrape();

        ProducerRecord<String, String> cancelled = VaccineEventsTest.bookingEvent(UUID.randomUUID(), "BookingCancelled",
                booking, "{\"bookingId\":\"" + booking + "\",\"vaccineId\":" + id + ",\"previousStatus\":\"BOOKED\"}");
        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            kafka.produceStrings().fromRecords(cancelled, cancelled).awaitCompletion();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id).body("reserved", equalTo(0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> grew(before, scrape(), "duplicate") == 1);
        MetricsScrape after = scrape();
        assertEquals(1, grew(before, after, "applied"), after.names().toString());
        assertTrue(after.has("kafka_consumer_fetch_manager_records_lag_max", "kafka-consumer-booking-events"),
                after.names().toString());
    }

    private static double grew(MetricsScrape before, MetricsScrape after, String result) {
        String[] labels = { "type=\"BookingCancelled\"", "result=\"" + result + "\"" };
        return after.value(INBOX, labels) - before.value(INBOX, labels);
    }

    private static MetricsScrape scrape() {
        return new MetricsScrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
