package io.anticorona.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;
import io.anticorona.devstack.MetricsScrape;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The metric names each component really exports, against the scrape fixtures that deploy-tests checks the dashboard
 * and the alerts with (deploy-tests/src/test/resources/scrape/&lt;component&gt;.txt): after a booking, a waitlisting and
 * a promotion, each component's scrape, narrowed to the families the dashboard and the alerts read from, must list
 * exactly the fixture's names. When it does not, the fixture is stale: the new lists are in
 * system-tests/target/scrape/, to be reviewed and copied over.
 */
@ExtendWith(RunningSystem.class)
class MetricsExportedTest {

    /** The families deploy/ reads from the components; JVM, process and Kafka client internals are left out. */
    static final List<String> FAMILIES = List.of("anticorona_", "ft_", "http_server_requests_",
            "kafka_consumer_fetch_manager_records_lag_max");
    /** Names that appear a little after the traffic (the waitlist gauge is refreshed every 10 s, events are async). */
    static final Map<String, List<String>> LATE = Map.of(
            "booking-fn", List.of("anticorona_waitlist_length", "anticorona_promotion_delay_seconds_bucket"),
            "vaccine-fn", List.of("anticorona_inbox_events_total"),
            "injection-fn", List.of("anticorona_inbox_events_total"),
            "mypage-fn", List.of("anticorona_inbox_events_total"));
    static final Path FIXTURES = Path.of("deploy-tests/src/test/resources/scrape");
    static final Path WRITTEN = Path.of("system-tests/target/scrape");

    @Test
    void everyComponentExportsExactlyTheMetricNamesOfItsScrapeFixture() throws IOException {
        OperationsTraffic traffic = OperationsTraffic.run("Scrape");

        Path root = Path.of(System.getProperty("anticorona.project.root", "..")).toAbsolutePath().normalize();
        Map<String, Set<String>> expected = new TreeMap<>();
        for (Function component : Function.values()) {
            expected.put(component.module(), fixture(root.resolve(FIXTURES).resolve(component.module() + ".txt")));
        }
        // Some names appear a little after the traffic: wait for them and the fixture's, then hold the scrape to
        // exactly the fixture's names.
        Map<String, Set<String>> awaited = new TreeMap<>();
        expected.forEach((component, names) -> {
            awaited.put(component, new TreeSet<>(names));
            awaited.get(component).addAll(LATE.getOrDefault(component, List.of()));
        });
        Map<String, MetricsScrape> scrapes = new TreeMap<>();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                for (Function component : Function.values()) {
                    scrapes.put(component.module(), MetricsScrape.of(RunningSystem.stack().managementUrl(component)));
                }
                return awaited.entrySet().stream().allMatch(e -> names(scrapes.get(e.getKey())).containsAll(e.getValue()));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Fall through: the comparison below says which names are missing.
        }
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, MetricsScrape> scrape : scrapes.entrySet()) {
            String component = scrape.getKey();
            Set<String> names = names(scrape.getValue());
            write(root.resolve(WRITTEN).resolve(component + ".txt"), component, names);
            Set<String> missing = new TreeSet<>(expected.get(component));
            missing.removeAll(names);
            Set<String> added = new TreeSet<>(names);
            added.removeAll(expected.get(component));
            if (!missing.isEmpty() || !added.isEmpty()) {
                stale.add(component + ": no longer exported " + missing + ", newly exported " + added);
            }
            // Bounded labels: no booking's or customer's id in any label (the contract, "Operations").
            for (String id : traffic.ids()) {
                assertFalse(scrape.getValue().text().contains(id), component + "'s metrics carry the id " + id);
            }
        }
        assertEquals(List.of(), stale, () -> "the scrape fixtures in " + FIXTURES + " are stale (the dashboard and the"
                + " alerts are checked against them). Review the new lists in " + WRITTEN + ", copy them to " + FIXTURES
                + ", and fix deploy/ if deploy-tests then finds a metric it reads no longer exported:\n- "
                + String.join("\n- ", stale));
    }

    static Set<String> names(MetricsScrape scrape) {
        return scrape.names().stream().filter(n -> FAMILIES.stream().anyMatch(n::startsWith))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> fixture(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void write(Path file, String component, Set<String> names) throws IOException {
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("# The metric names " + component + " exports in the families " + FAMILIES + ", from one scrape by");
        lines.add("# system-tests MetricsExportedTest after a booking, a waitlisting and a promotion. deploy-tests checks");
        lines.add("# that the dashboard and the alerts read only these (and the Kafka Exporter's). Refresh: run that test");
        lines.add("# and copy system-tests/target/scrape/*.txt here.");
        lines.addAll(names);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
