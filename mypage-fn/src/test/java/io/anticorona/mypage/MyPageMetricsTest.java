package io.anticorona.mypage;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.MetricsScrape;
import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.mypage.Events.T0;
import static io.anticorona.mypage.Events.asAgent;
import static io.anticorona.mypage.Events.confirmed;
import static io.anticorona.mypage.Events.newCustomer;
import static io.anticorona.mypage.Events.newVaccineId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mypage-fn's metrics as Prometheus scrapes them: its requests, its inbox, and no outbox (it relays none). */
@QuarkusTest
class MyPageMetricsTest {

    private final Events events = new Events();

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void theInboxCountsEachConsumedEventAndThePageReadsAreMeasured() {
        String[] applied = { "type=\"BookingConfirmed\"", "result=\"applied\"" };
        MetricsScrape before = scrape();
        String customer = newCustomer();

        events.send(confirmed(UUID.randomUUID(), customer, newVaccineId(), false, 2, T0));
        await().atMost(Duration.ofSeconds(20)).until(() -> asAgent().get("/mypages/" + customer).then().statusCode(200)
                .extract().jsonPath().getList("bookings").size() == 1);

        MetricsScrape after = scrape();
        assertEquals(1, after.value("anticorona_inbox_events_total", applied) - before.value("anticorona_inbox_events_total", applied));
        assertTrue(after.has("http_server_requests_seconds_count", "uri=\"/mypages/{customerId}\""), after.names().toString());
        assertFalse(after.text().contains(customer), "no label carries a customer id");
        assertFalse(after.has("anticorona_outbox_pending_events"), "mypage-fn has no outbox relay");
    }

    private static MetricsScrape scrape() {
        return new MetricsScrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
