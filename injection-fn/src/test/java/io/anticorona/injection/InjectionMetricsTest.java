package io.anticorona.injection;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.MetricsScrape;
import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.injection.Events.T0;
import static io.anticorona.injection.Events.confirmed;
import static io.anticorona.injection.InjectionApi.customer;
import static io.anticorona.injection.InjectionApi.worklist;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** injection-fn's outbox backlog and inbox counts, as Prometheus scrapes them from /q/metrics. */
@QuarkusTest
class InjectionMetricsTest {

    private final Events events = new Events();

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void theInboxCountsEachConsumedEventOnceAndTheOutboxBacklogIsExported() {
        String applied = "anticorona_inbox_events_total";
        String[] labels = { "type=\"BookingConfirmed\"", "result=\"applied\"" };
        MetricsScrape before = scrape();
        UUID booking = UUID.randomUUID();

        events.send(confirmed(booking, customer(), 7, 2, T0));

        await().atMost(Duration.ofSeconds(20)).until(() -> worklist().contains(booking.toString()));
        MetricsScrape after = scrape();
        assertEquals(1, after.value(applied, labels) - before.value(applied, labels));
        assertTrue(after.has("anticorona_outbox_pending_events"), after.names().toString());
        assertTrue(after.has("anticorona_outbox_oldest_event_age_seconds"), after.names().toString());
    }

    private static MetricsScrape scrape() {
        return new MetricsScrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
