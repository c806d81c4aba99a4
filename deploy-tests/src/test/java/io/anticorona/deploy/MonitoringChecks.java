package io.anticorona.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

import io.anticorona.deploy.Manifests.Manifest;
import io.anticorona.deploy.PromQl.Selector;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.strimzi.api.kafka.model.kafka.Kafka;

/**
 * The monitoring in deploy/ (70-monitoring.yaml, monitoring/*.json, the Kafka Exporter in 10-kafka.yaml), offline:
 * every component is scraped where its metrics really are, the alerts the issue asks for exist with a runbook that
 * exists, and every metric the dashboard and the alerts read is one a component exports (its scrape fixture, taken by
 * the system test MetricsExportedTest) or one an exporter enabled here exports.
 */
final class MonitoringChecks {

    /** Knative names the user container's port so in every revision's pods, whatever the Service calls it. */
    static final String KNATIVE_USER_PORT = "user-port";
    static final String METRICS_PATH = "/q/metrics";
    /** Quarkus' management interface port when quarkus.management.port is not set. */
    static final int MANAGEMENT_DEFAULT_PORT = 9000;
    /** Where the pod label that names the component goes, so that each scrape's job is the component. */
    static final String JOB_SOURCE_LABEL = "__meta_kubernetes_pod_label_app_kubernetes_io_name";
    /** Strimzi's Kafka Exporter pods: their name label and the name of their metrics port. */
    static final String KAFKA_EXPORTER_PORT = "tcp-prometheus";
    /** The alerts of issue 12, each required. */
    static final Set<String> REQUIRED_ALERTS = Set.of("AnticoronaOutboxEventStale", "AnticoronaDeadLetters",
            "AnticoronaStockCheckBreakerOpen", "AnticoronaConsumerLagGrowing");

    /** Metrics no component exports, each with what must be in deploy/ for them to exist: null when it is there. */
    static final Map<String, Function<Manifests, String>> EXTERNAL_METRICS = Map.of(
            "kafka_consumergroup_lag", MonitoringChecks::kafkaExporterMissing,
            "kafka_topic_partition_current_offset", MonitoringChecks::kafkaExporterMissing);

    private final Manifests manifests;
    private final Project project;
    private final List<String> problems = new ArrayList<>();

    private MonitoringChecks(Manifests manifests, Project project) {
        this.manifests = manifests;
        this.project = project;
    }

    /**
     * @param dashboards each dashboard file and its JSON
     * @param scrapes    each component and the metric names its scrape fixture lists
     * @param readme     the README, whose sections the alerts' runbooks point at
     */
    static List<String> run(Manifests manifests, Project project, Map<String, JsonNode> dashboards,
            Map<String, Set<String>> scrapes, String readme) {
        MonitoringChecks checks = new MonitoringChecks(manifests, project);
        checks.scrapedComponents();
        checks.gatewayManagementOffThePublicPort();
        checks.kafkaExporter();
        checks.alerts(readme);
        checks.metricsExist(dashboards, scrapes);
        return List.copyOf(checks.problems);
    }

    private void problem(String format, Object... args) {
        problems.add(String.format(format, args));
    }

    // ------------------------------------------------------------------------------------------------- scraping

    /** Each function and the gateway: exactly one PodMonitor selects its pods, on its metrics port and path. */
    private void scrapedComponents() {
        for (String component : components()) {
            Optional<Service> service = manifests.named(Service.class, component);
            if (service.isEmpty()) {
                continue; // DeployChecks reports the missing Service
            }
            Map<String, String> podLabels = service.get().getSpec().getTemplate().getMetadata().getLabels();
            List<Manifest> monitors = manifests.manifestsOf(PodMonitor.class).stream()
                    .filter(m -> selects(((PodMonitor) m.model()).getSpec().getSelector(), podLabels)).toList();
            if (monitors.size() != 1) {
                problem("%s (pod labels %s) is selected by %d PodMonitors %s, expected exactly one", component,
                        podLabels, monitors.size(), monitors.stream().map(Manifest::name).toList());
                continue;
            }
            Manifest monitor = monitors.get(0);
            List<PodMetricsEndpoint> endpoints = ((PodMonitor) monitor.model()).getSpec().getPodMetricsEndpoints();
            if (endpoints == null || endpoints.size() != 1) {
                problem("%s: expected one podMetricsEndpoint", monitor.where());
                continue;
            }
            PodMetricsEndpoint endpoint = endpoints.get(0);
            if (!METRICS_PATH.equals(endpoint.getPath())) {
                problem("%s scrapes %s's %s, not %s", monitor.where(), component, endpoint.getPath(), METRICS_PATH);
            }
            String port = component.equals(Project.GATEWAY)
                    ? expectPortNumber(endpoint, managementPort())
                    : expectPortName(endpoint, KNATIVE_USER_PORT);
            if (port != null) {
                problem("%s scrapes %s on %s", monitor.where(), component, port);
            }
            boolean jobIsComponent = Optional.ofNullable(endpoint.getRelabelings()).orElse(List.of()).stream()
                    .anyMatch(r -> "job".equals(r.getTargetLabel())
                            && List.of(JOB_SOURCE_LABEL).equals(r.getSourceLabels())
                            && (r.getAction() == null || r.getAction().equalsIgnoreCase("replace")));
            if (!jobIsComponent) {
                problem("%s must set the job label from %s, so that each scrape's job is %s", monitor.where(),
                        JOB_SOURCE_LABEL, component);
            }
            if (!component.equals(podLabels.get("app.kubernetes.io/name"))) {
                problem("%s's pods are labelled app.kubernetes.io/name=%s, so its job would not be its name", component,
                        podLabels.get("app.kubernetes.io/name"));
            }
        }
    }

    private static String expectPortName(PodMetricsEndpoint endpoint, String name) {
        return name.equals(endpoint.getPort()) && endpoint.getPortNumber() == null && endpoint.getTargetPort() == null
                ? null
                : "port " + Objects.requireNonNullElse(endpoint.getPort(), endpoint.getPortNumber())
                        + ", not the user container's port (" + name + ", as Knative names it)";
    }

    private static String expectPortNumber(PodMetricsEndpoint endpoint, int number) {
        return Integer.valueOf(number).equals(endpoint.getPortNumber()) && endpoint.getPort() == null
                ? null
                : "port " + Objects.requireNonNullElse(endpoint.getPort(), endpoint.getPortNumber())
                        + ", not its management interface's port " + number;
    }

    /**
     * The gateway is the public address: its metrics and health live on the management interface, not on the serving
     * port (Knative probes it by TCP there: DeployChecks).
     */
    private void gatewayManagementOffThePublicPort() {
        String gateway = Project.GATEWAY;
        if (!"true".equals(project.properties(gateway).getProperty("quarkus.management.enabled", "false").trim())) {
            problem("gateway: quarkus.management.enabled must be true, so that /q/metrics is not on the public port");
        }
        if ("false".equals(project.properties(gateway).getProperty("quarkus.smallrye-health.management.enabled", "true").trim())) {
            problem("gateway: quarkus.smallrye-health.management.enabled must be true (its default), so that /q/health"
                    + " is not on the public port");
        }
        manifests.named(Service.class, gateway).ifPresent(service -> service.getSpec().getTemplate().getSpec()
                .getContainers().forEach(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).forEach(p -> {
                    if (p.getContainerPort() == managementPort()) {
                        problem("gateway: the serving port is the management port %d", managementPort());
                    }
                })));
    }

    private int managementPort() {
        return project.knativeProperty(Project.GATEWAY, "quarkus.management.port").map(Integer::parseInt)
                .orElse(MANAGEMENT_DEFAULT_PORT);
    }

    private static List<String> components() {
        List<String> all = new ArrayList<>(new TreeSet<>(Project.FUNCTIONS));
        all.add(Project.GATEWAY);
        return all;
    }

    /** A LabelSelector's verdict on a set of labels (matchLabels and matchExpressions, as Kubernetes applies them). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> has = labels == null ? Map.of() : labels;
        boolean matchLabels = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()).entrySet().stream()
                .allMatch(e -> e.getValue().equals(has.get(e.getKey())));
        boolean matchExpressions = Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of()).stream()
                .allMatch(r -> holds(r, has));
        boolean empty = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()).isEmpty()
                && Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of()).isEmpty();
        return !empty && matchLabels && matchExpressions;
    }

    private static boolean holds(LabelSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = Optional.ofNullable(r.getValues()).orElse(List.of());
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }

    // ------------------------------------------------------------------------------------------- Kafka Exporter

    /** Null when the Kafka Exporter is enabled and scraped, else what is missing. */
    static String kafkaExporterMissing(Manifests manifests) {
        List<Kafka> kafkas = manifests.all(Kafka.class);
        if (kafkas.size() != 1) {
            return "one Strimzi Kafka";
        }
        Kafka kafka = kafkas.get(0);
        if (kafka.getSpec().getKafkaExporter() == null) {
            return "spec.kafkaExporter in Kafka " + kafka.getMetadata().getName();
        }
        String name = kafka.getMetadata().getName();
        // The labels Strimzi gives the Kafka Exporter's pods.
        Map<String, String> exporterPod = Map.of("strimzi.io/cluster", name, "strimzi.io/kind", "Kafka",
                "strimzi.io/name", name + "-kafka-exporter");
        boolean scraped = manifests.all(PodMonitor.class).stream()
                .filter(m -> selects(m.getSpec().getSelector(), exporterPod))
                .flatMap(m -> Optional.ofNullable(m.getSpec().getPodMetricsEndpoints()).orElse(List.of()).stream())
                .anyMatch(e -> KAFKA_EXPORTER_PORT.equals(e.getPort()));
        return scraped ? null : "a PodMonitor scraping the Kafka Exporter's pods " + exporterPod + " on port "
                + KAFKA_EXPORTER_PORT;
    }

    /** The exporter exists, and reads the KafkaSources' groups (the consumer lag in the cluster). */
    private void kafkaExporter() {
        String missing = kafkaExporterMissing(manifests);
        if (missing != null) {
            problem("consumer lag and dead letters come from the Kafka Exporter, but deploy/ lacks %s", missing);
            return;
        }
        String groupRegex = manifests.all(Kafka.class).get(0).getSpec().getKafkaExporter().getGroupRegex();
        for (Manifest m : manifests.manifestsOf(KafkaSource.class)) {
            String group = ((KafkaSource) m.model()).getSpec().getConsumerGroup();
            if (groupRegex != null && (group == null || !fullMatch(groupRegex, group))) {
                problem("%s: the Kafka Exporter's groupRegex %s does not cover its consumer group %s", m.where(),
                        groupRegex, group);
            }
        }
    }

    // --------------------------------------------------------------------------------------------------- alerts

    private void alerts(String readme) {
        Set<String> anchors = anchors(readme);
        Map<String, Rule> alerts = new LinkedHashMap<>();
        for (Manifest m : manifests.manifestsOf(PrometheusRule.class)) {
            ((PrometheusRule) m.model()).getSpec().getGroups().forEach(group -> group.getRules().forEach(rule -> {
                if (rule.getAlert() == null) {
                    return;
                }
                alerts.put(rule.getAlert(), rule);
                Map<String, String> notes = Optional.ofNullable(rule.getAnnotations()).orElse(Map.of());
                for (String note : List.of("summary", "description", "runbook_url")) {
                    if (notes.getOrDefault(note, "").isBlank()) {
                        problem("%s: alert %s has no %s", m.where(), rule.getAlert(), note);
                    }
                }
                String runbook = notes.getOrDefault("runbook_url", "");
                if (!runbook.isBlank() && !(runbook.startsWith("README.md#")
                        && anchors.contains(runbook.substring("README.md#".length())))) {
                    problem("%s: alert %s's runbook %s is no section of README.md", m.where(), rule.getAlert(), runbook);
                }
                if (rule.getLabels() == null || rule.getLabels().get("severity") == null) {
                    problem("%s: alert %s has no severity label", m.where(), rule.getAlert());
                }
            }));
        }
        Set<String> missing = new TreeSet<>(REQUIRED_ALERTS);
        missing.removeAll(alerts.keySet());
        if (!missing.isEmpty()) {
            problem("the alerts %s are missing (issue 12)", missing);
        }
        expectFor(alerts, "AnticoronaStockCheckBreakerOpen", "1m");
        expectFor(alerts, "AnticoronaConsumerLagGrowing", "5m");
        deadLetterAlertCoversEveryDeadLetterTopic(alerts.get("AnticoronaDeadLetters"));
    }

    private void expectFor(Map<String, Rule> alerts, String alert, String duration) {
        Rule rule = alerts.get(alert);
        if (rule != null && !duration.equals(rule.getFor())) {
            problem("alert %s must wait %s (for: %s), waits %s", alert, duration, duration, rule.getFor());
        }
    }

    /** The KafkaSink's topic (the cluster) and SmallRye's dead-letter-topic-<channel> of every consumer (make run). */
    private void deadLetterAlertCoversEveryDeadLetterTopic(Rule rule) {
        if (rule == null) {
            return;
        }
        Set<String> topics = new TreeSet<>();
        manifests.all(KafkaSink.class).forEach(sink -> topics.add(sink.getSpec().getTopic()));
        for (String function : Project.FUNCTIONS) {
            project.consumedTopics(function).forEach(channel -> topics.add("dead-letter-topic-" + channel));
        }
        List<Map<String, String>> matchers = PromQl.regexMatchers(expr(rule), "kafka_topic_partition_current_offset");
        for (String topic : topics) {
            boolean covered = matchers.stream().anyMatch(m -> m.containsKey("topic") && fullMatch(m.get("topic"), topic));
            if (!covered) {
                problem("alert AnticoronaDeadLetters does not watch the dead-letter topic %s", topic);
            }
        }
    }

    private static String expr(Rule rule) {
        return rule.getExpr() == null ? "" : Objects.toString(rule.getExpr().getStrVal(), String.valueOf(rule.getExpr().getIntVal()));
    }

    /** GitHub's anchors for the README's headings. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$").matcher(markdown);
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    // ---------------------------------------------------------------------------------------- metrics exported

    private void metricsExist(Map<String, JsonNode> dashboards, Map<String, Set<String>> scrapes) {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Manifest m : manifests.manifestsOf(PrometheusRule.class)) {
            ((PrometheusRule) m.model()).getSpec().getGroups().forEach(group -> group.getRules().forEach(rule ->
                    expressions.put(m.where() + " " + Objects.requireNonNullElse(rule.getAlert(), rule.getRecord()), expr(rule))));
        }
        dashboards.forEach((file, dashboard) -> panels(dashboard).forEach(panel -> panel.path("targets").forEach(target -> {
            String where = file + " panel '" + panel.path("title").asText() + "'";
            if (!target.hasNonNull("expr") || target.path("expr").asText().isBlank()) {
                problem("%s has a query without an expr", where);
            } else {
                expressions.put(where + " " + target.path("refId").asText(), target.path("expr").asText());
            }
        })));
        if (dashboards.isEmpty()) {
            problem("no Grafana dashboard in deploy/monitoring/");
        }
        Set<String> everything = new TreeSet<>();
        scrapes.values().forEach(everything::addAll);
        expressions.forEach((where, expr) -> {
            List<Selector> selectors;
            try {
                selectors = PromQl.selectors(expr);
            } catch (IllegalArgumentException e) {
                problem("%s: %s", where, e.getMessage());
                return;
            }
            if (selectors.isEmpty()) {
                problem("%s reads no metric: %s", where, expr);
            }
            for (Selector s : selectors) {
                if (EXTERNAL_METRICS.containsKey(s.metric())) {
                    String missing = EXTERNAL_METRICS.get(s.metric()).apply(manifests);
                    if (missing != null) {
                        problem("%s reads %s, which needs %s", where, s.metric(), missing);
                    }
                    continue;
                }
                String job = s.labels().get("job");
                if (job != null && !scrapes.containsKey(job)) {
                    problem("%s reads %s of job %s, which is no component with a scrape fixture %s", where, s.metric(),
                            job, scrapes.keySet());
                } else if (job != null && !scrapes.get(job).contains(s.metric())) {
                    problem("%s reads %s, which %s does not export (deploy-tests/src/test/resources/scrape/%s.txt)",
                            where, s.metric(), job, job);
                } else if (job == null && !everything.contains(s.metric())) {
                    problem("%s reads %s, which no component exports (deploy-tests/src/test/resources/scrape/) and no"
                            + " exporter here provides", where, s.metric());
                }
            }
        });
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            all.add(panel);
            panel.path("panels").forEach(all::add); // panels inside a collapsed row
        });
        return all;
    }

    private static boolean fullMatch(String regex, String value) {
        try {
            return Pattern.compile(regex).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
