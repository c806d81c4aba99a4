package io.anticorona.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The dashboard, the alerts and the monitors in deploy/ ({@link MonitoringChecks}), offline, against the metric names
 * the components really export: the scrape fixtures in src/test/resources/scrape/, which the system test
 * MetricsExportedTest takes from the running system and fails on when they are stale.
 */
class MonitoringTest {

    private static final Project PROJECT = Project.fromSystemProperty();
    static final String SCRAPES = "deploy-tests/src/test/resources/scrape";
    static final String DASHBOARDS = "deploy/monitoring";

    static Map<String, JsonNode> dashboards() {
        Map<String, JsonNode> dashboards = new TreeMap<>();
        try (Stream<Path> files = Files.list(PROJECT.root.resolve(DASHBOARDS))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.put(DASHBOARDS + "/" + file.getFileName(), new ObjectMapper().readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dashboards;
    }

    /** Each component's scrape fixture: the metric names of one scrape, one a line ('#' starts a comment). */
    static Map<String, Set<String>> scrapes() {
        Map<String, Set<String>> scrapes = new TreeMap<>();
        try (Stream<Path> files = Files.list(PROJECT.root.resolve(SCRAPES))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                String component = file.getFileName().toString().replaceFirst("\\.txt$", "");
                scrapes.put(component, Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scrapes;
    }

    static String readme() {
        try {
            return Files.readString(PROJECT.root.resolve("README.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyComponentHasAScrapeFixture() {
        Set<String> expected = new TreeSet<>(Project.FUNCTIONS);
        expected.add(Project.GATEWAY);
        assertEquals(expected, scrapes().keySet(), "one scrape fixture per component in " + SCRAPES
                + " (the system test MetricsExportedTest writes them to system-tests/target/scrape/)");
    }

    @Test
    void dashboardsAlertsAndMonitorsAgreeWithTheManifestsAndTheScrapes() {
        List<String> problems = MonitoringChecks.run(Manifests.parse(DeployManifestsTest.files()), PROJECT,
                dashboards(), scrapes(), readme());
        assertEquals(List.of(), problems, () -> "monitoring in deploy/ is inconsistent:\n- " + String.join("\n- ", problems));
    }

    @Test
    void theDashboardIsGrafanaJsonWithAUidAndPanelsThatQueryPrometheus() {
        for (Map.Entry<String, JsonNode> d : dashboards().entrySet()) {
            JsonNode dashboard = d.getValue();
            assertTrue(dashboard.path("uid").isTextual() && dashboard.path("title").isTextual(), d.getKey());
            assertTrue(dashboard.path("panels").size() > 0, d.getKey() + " has no panels");
            dashboard.path("panels").forEach(panel -> {
                if (!panel.path("type").asText().equals("row")) {
                    assertEquals("prometheus", panel.path("datasource").path("type").asText(),
                            d.getKey() + " panel " + panel.path("title"));
                    assertTrue(panel.path("targets").size() > 0, d.getKey() + " panel " + panel.path("title") + " has no query");
                }
            });
        }
    }

    // ------------------------------------------------------------------- the checks catch what they claim to

    /** Breaks one file (a manifest, the dashboard, a fixture or the gateway's properties are read as they are). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a dashboard metric no one exports        | dashboard                    | anticorona_waitlist_length           | anticorona_waitlist_size             | reads anticorona_waitlist_size, which no component exports
            a rule metric of another component       | deploy/70-monitoring.yaml    | ft_circuitbreaker_state_current{job="booking-fn" | ft_circuitbreaker_state_current{job="vaccine-fn" | which vaccine-fn does not export
            an alert without its runbook section     | deploy/70-monitoring.yaml    | runbook_url: README.md#anticoronadeadletters | runbook_url: README.md#dead-letters | runbook README.md#dead-letters is no section
            an alert left out                        | deploy/70-monitoring.yaml    | alert: AnticoronaOutboxEventStale    | alert: OutboxStale                   | AnticoronaOutboxEventStale] are missing
            a breaker alert that fires at once       | deploy/70-monitoring.yaml    | for: 1m                              | for: 0s                              | must wait 1m
            the cluster's dead letters not watched   | deploy/70-monitoring.yaml    | `anticorona-dead-letters|dead-letter-topic-.+` | dead-letter-topic-.+    | does not watch the dead-letter topic anticorona-dead-letters
            a function not scraped                   | deploy/70-monitoring.yaml    | - mypage-fn\\n                        | - my-page-fn\\n                       | mypage-fn (pod labels
            a function scraped through queue-proxy   | deploy/70-monitoring.yaml    | port: user-port                      | port: http1                          | scrapes injection-fn on port http1
            the gateway scraped on its public port   | deploy/70-monitoring.yaml    | portNumber: 9000                     | portNumber: 8080                     | not its management interface's port 9000
            scrapes whose job is not the component   | deploy/70-monitoring.yaml    | targetLabel: job                     | targetLabel: service                 | must set the job label
            the Kafka Exporter not scraped           | deploy/70-monitoring.yaml    | strimzi.io/name: anticorona-kafka-exporter | strimzi.io/name: anticorona-exporter | lacks a PodMonitor scraping the Kafka Exporter's pods
            the Kafka Exporter blind to a source     | deploy/10-kafka.yaml         | groupRegex: "anticorona-.*"          | groupRegex: "anticorona-booking-.*"  | does not cover its consumer group anticorona-vaccine-fn
            """)
    void aBrokenMonitoringSetupFails(String what, String file, String from, String to, String mentioned) {
        Map<String, JsonNode> dashboards = dashboards();
        Map<String, String> files = new TreeMap<>(DeployManifestsTest.files());
        List<String> problems;
        try {
            if (file.equals("dashboard")) {
                String json = dashboards.get(DASHBOARDS + "/anticorona-spike.json").toString();
                assertTrue(json.contains(from), from);
                dashboards.put(DASHBOARDS + "/anticorona-spike.json", new ObjectMapper().readTree(json.replace(from, to)));
            } else {
                String content = files.get(file);
                String f = from.replace("\\n", "\n");
                assertTrue(content.contains(f), () -> file + " does not contain " + f);
                files.put(file, content.replace(f, to.replace("\\n", "\n")));
            }
            problems = MonitoringChecks.run(Manifests.parse(files), PROJECT, dashboards, scrapes(), readme());
        } catch (Manifests.InvalidManifestException e) {
            problems = List.of(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> found = problems;
        assertTrue(found.stream().anyMatch(p -> p.contains(mentioned)),
                () -> what + ": expected a problem mentioning '" + mentioned + "', got " + found);
    }

    // ------------------------------------------------------------------------------ the PromQL reader, plainly

    @Test
    void aSelectorsMetricAndLabelsAreReadButNotFunctionsKeywordsOrLabelLists() {
        List<PromQl.Selector> selectors = PromQl.selectors(
                "histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{job=\"booking-fn\", uri=~\"/b.*\"}[1m])))"
                        + " / on (job) group_left (x) max without (pod) (up offset 5m) > bool 1e3 and absent(foo:bar)");
        assertEquals(List.of(
                new PromQl.Selector("http_server_requests_seconds_bucket", Map.of("job", "booking-fn")),
                new PromQl.Selector("up", Map.of()),
                new PromQl.Selector("foo:bar", Map.of())), selectors);
    }

    @Test
    void aRegexMatcherOfAMetricIsReadUnescaped() {
        assertEquals(List.of(Map.of("topic", "a|b-.+")),
                PromQl.regexMatchers("increase(x{topic=~\"a|b-.+\", y=\"z\"}[5m])", "x"));
    }

    @Test
    void readmeAnchorsAreGitHubs() {
        assertTrue(MonitoringChecks.anchors("## Watching a spike\n#### AnticoronaDeadLetters\n")
                .containsAll(Set.of("watching-a-spike", "anticoronadeadletters")));
    }
}
