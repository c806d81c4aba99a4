package io.anticorona.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;
import io.anticorona.devstack.MetricsScrape;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every component serves Prometheus metrics at /q/metrics with the names of the contract ("Operations") and of the
 * README's operations section, once a booking, a wait and a promotion have gone through the system (and one
 * customer stays in line); and no metric carries a customer's or a booking's id.
 */
@ExtendWith(RunningSystem.class)
class MetricsTest {

    private static final List<String> EVERYWHERE = List.of("http_server_requests_seconds_count", "jvm_memory_used_bytes");
    private static final List<String> WITH_OUTBOX = List.of("anticorona_outbox_pending_events",
            "anticorona_outbox_oldest_event_age_seconds");
    private static final List<String> CONSUMERS = List.of("anticorona_inbox_events_total",
            "kafka_consumer_fetch_manager_records_lag_max");

    private static final Map<Function, List<String>> EXPECTED = Map.of(
            Function.GATEWAY, EVERYWHERE,
            Function.VACCINE, concat(EVERYWHERE, WITH_OUTBOX, CONSUMERS),
            Function.INJECTION, concat(EVERYWHERE, WITH_OUTBOX, CONSUMERS),
            Function.MYPAGE, concat(EVERYWHERE, CONSUMERS),
            Function.BOOKING, concat(EVERYWHERE, WITH_OUTBOX, CONSUMERS, List.of(
                    "anticorona_bookings_total", "anticorona_booking_rejections_total", "anticorona_waitlist_length",
                    "anticorona_promotion_delay_seconds_count", "anticorona_promotion_delay_seconds_bucket",
                    "ft_circuitbreaker_state_current", "ft_bulkhead_executionsRunning", "ft_invocations_total")));

    @Test
    void everyComponentExportsTheOperationsMetricsAtQMetrics() {
        long vaccineId = Gateway.registerVaccine(Api.uniqueName("Metrics"), 1);
        String alice = Api.customer();
        String bob = Api.customer();
        String aliceBooking = Gateway.book(alice, vaccineId).statusCode(201).body("status", equalTo("BOOKED")).extract().path("id");
        String bobBooking = Gateway.book(bob, vaccineId).statusCode(201).body("status", equalTo("WAITING")).extract().path("id");
        Gateway.book(Api.customer(), vaccineId).statusCode(201).body("status", equalTo("WAITING")); // stays in line
        Gateway.request().post("/bookings/" + aliceBooking + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Gateway.request().get("/bookings/" + bobBooking)
                .then().body("status", equalTo("BOOKED")));
        Gateway.myPage(bob).statusCode(200);
        Gateway.worklist().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(Map.of(), missing()));
        for (Function function : Function.values()) {
            String scrape = MetricsScrape.of(RunningSystem.url(function)).text();
            for (String id : List.of(alice, bob, aliceBooking, bobBooking)) {
                assertFalse(scrape.contains(id), function + "'s metrics carry the id " + id);
            }
        }
    }

    /** Per component, the expected names its scrape lacks (empty when all are there). */
    private static Map<Function, List<String>> missing() {
        Map<Function, List<String>> missing = new java.util.TreeMap<>();
        EXPECTED.forEach((function, names) -> {
            Set<String> scraped = MetricsScrape.of(RunningSystem.stack().managementUrl(function)).names();
            List<String> lacking = names.stream().filter(name -> !scraped.contains(name)).toList();
            if (!lacking.isEmpty()) {
                missing.put(function, lacking);
            }
        });
        return missing;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
