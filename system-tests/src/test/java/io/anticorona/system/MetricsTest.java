package io.anticorona.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every component serves Prometheus metrics at /q/metrics with the names of the contract ("Operations") and of the
 * README's operations section, once a booking, a wait, a promotion and an injection have gone through the system
 * (and one customer stays in line); and no metric carries a customer's or a booking's id.
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
                    "ft_circuitbreaker_state_current", "ft_invocations_total", "anticorona_admission_limit",
                    "anticorona_admission_queue_length")));

    @Test
    void everyComponentExportsTheOperationsMetricsAtQMetrics() throws IOException {
        OperationsTraffic traffic = OperationsTraffic.run("Metrics");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(Map.of(), missing()));
        for (Function function : Function.values()) {
            String scrape = MetricsScrape.of(RunningSystem.stack().managementUrl(function)).text();
            for (String id : traffic.ids()) {
                assertFalse(scrape.contains(id), function + "'s metrics carry the id " + id);
            }
            keep(function, scrape);
        }
    }

    /** The scrape, for whoever checks metric names against it (target/metrics/<component>.prom). */
    private static void keep(Function function, String scrape) throws IOException {
        Path file = Path.of("target", "metrics", function.module() + ".prom");
        Files.createDirectories(file.getParent());
        Files.writeString(file, scrape);
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
