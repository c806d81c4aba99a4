package io.anticorona.booking;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.anticorona.devstack.MetricsScrape;
import io.anticorona.devstack.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * booking-fn's metrics as Prometheus scrapes them from /q/metrics: bookings by outcome, 503s by reason, the
 * waitlist per vaccine, the promotion delay, the outbox backlog, and the libraries' meters an operator watches (breaker, bulkheads, consumer lag).
 */
@QuarkusTest
@WithTestResource(FakeVaccineFn.class)
class BookingMetricsTest {

    private static final String BOOKINGS = "anticorona_bookings_total";
    private static final String REJECTIONS = "anticorona_booking_rejections_total";

    @Test
    void eachFreshBookingCountsOnceByOutcomeAndAReplayDoesNotCountAgain() {
        long vaccine = newVaccineId();
        FakeVaccineFn.addDoses(vaccine, 1);
        MetricsScrape before = scrape();

        book(newCustomer(), vaccine, "key-" + UUID.randomUUID()).statusCode(201).body("status", equalTo("BOOKED"));
        String waiter = newCustomer();
        String key = "key-" + UUID.randomUUID();
        book(waiter, vaccine, key).statusCode(201).body("status", equalTo("WAITING"));
        book(waiter, vaccine, key).statusCode(201).header("Idempotent-Replayed", "true");

        MetricsScrape after = scrape();
        assertEquals(1, grew(before, after, BOOKINGS, "outcome=\"BOOKED\""));
        assertEquals(1, grew(before, after, BOOKINGS, "outcome=\"WAITING\""));
    }

    @Test
    void a503CountsByItsProblemType() {
        long vaccine = newVaccineId();
        FakeVaccineFn.breakVaccine(vaccine);
        MetricsScrape before = scrape();

        book(newCustomer(), vaccine, null).statusCode(503).body("type", endsWith("stock-check-unavailable"));

        MetricsScrape after = scrape();
        assertEquals(1, grew(before, after, REJECTIONS, "reason=\"stock-check-unavailable\""));
        assertEquals(0, grew(before, after, BOOKINGS, "outcome=\"BOOKED\""));
    }

    @Test
    void theWaitlistGaugeFollowsTheLineAndAPromotionRecordsItsDelaySinceTheFreeingEvent() {
        long vaccine = newVaccineId();
        String first = book(newCustomer(), vaccine, null).statusCode(201).extract().path("id");
        book(newCustomer(), vaccine, null).statusCode(201);
        String waitlist = "vaccine_id=\"" + vaccine + "\"";
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape().value("anticorona_waitlist_length", waitlist) == 2);
        MetricsScrape before = scrape();

        FakeVaccineFn.addDoses(vaccine, 1);
        stockAdded(vaccine, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(3));

        asAgent().get("/bookings/" + first).then().statusCode(200).body("status", equalTo("BOOKED"));
        MetricsScrape after = scrape();
        assertEquals(1, grew(before, after, "anticorona_promotion_delay_seconds_count"));
        assertTrue(grew(before, after, "anticorona_promotion_delay_seconds_sum") >= 3,
                "the delay counts from the event's time: " + after.value("anticorona_promotion_delay_seconds_sum"));
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape().value("anticorona_waitlist_length", waitlist) == 1);
    }

    @Test
    void theOutboxBacklogIsExportedAndDrainsToZero() {
        long vaccine = newVaccineId();
        FakeVaccineFn.addDoses(vaccine, 1);
        book(newCustomer(), vaccine, null).statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            MetricsScrape scrape = scrape();
            return scrape.has("anticorona_outbox_pending_events") && scrape.value("anticorona_outbox_pending_events") == 0
                    && scrape.value("anticorona_outbox_oldest_event_age_seconds") == 0;
        });
    }

    @Test
    void theStockChecksBreakerTheAdmissionAndTheHttpServerAreMeasured() {
        long vaccine = newVaccineId();
        FakeVaccineFn.addDoses(vaccine, 1);
        book(newCustomer(), vaccine, null).statusCode(201);
        MetricsScrape scrape = scrape();
        String names = scrape.names().toString();
        assertTrue(scrape.has("http_server_requests_seconds_count", "uri=\"/bookings\"", "method=\"POST\""), names);
        assertTrue(scrape.has("ft_circuitbreaker_state_current", "booking.client.", "state=\"open\""), names);
        assertTrue(scrape.has("ft_circuitbreaker_state_current", "DoseReserver.reserveDoses"), names);
        assertTrue(scrape.value("anticorona_admission_limit") >= 8, names);
        assertTrue(scrape.has("anticorona_admission_queue_length"), names);
        assertTrue(scrape.has("kafka_consumer_fetch_manager_records_lag_max", "kafka-consumer-vaccine-events"), names);
    }

    private static double grew(MetricsScrape before, MetricsScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static MetricsScrape scrape() {
        return new MetricsScrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** StockAdded as the event delivery posts it, with the time vaccine-fn wrote it. */
    private static void stockAdded(long vaccineId, OffsetDateTime at) {
        given().auth().oauth2(Tokens.eventing()).contentType(ContentType.JSON)
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "StockAdded").header("ce-source", "/test").header("ce-time", at.toString())
                .body("{\"vaccineId\":" + vaccineId + ",\"quantity\":1,\"stock\":1,\"reserved\":0,\"available\":1}")
                .post("/events").then().statusCode(202);
    }

    private static ValidatableResponse book(String customer, long vaccine, String idempotencyKey) {
        var request = asAgent().contentType(ContentType.JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body("{\"customerId\":\"" + customer + "\",\"vaccineId\":" + vaccine + "}").post("/bookings").then();
    }

    private static io.restassured.specification.RequestSpecification asAgent() {
        return given().auth().oauth2(Tokens.of(Tokens.AGENT));
    }

    private static long newVaccineId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
    }

    private static String newCustomer() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
