package io.anticorona.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.anticorona.deploy.Manifests.Manifest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.anticorona.deploy.cnpg.CnpgCluster;
import io.anticorona.deploy.keycloak.Keycloak;
import io.anticorona.deploy.keycloak.KeycloakRealmImport;
import io.anticorona.deploy.keycloak.KeycloakRealmImport.Client;
import io.anticorona.deploy.keycloak.KeycloakRealmImport.Placeholder;
import io.anticorona.deploy.keycloak.KeycloakRealmImport.Role;
import io.anticorona.deploy.keycloak.KeycloakRealmImport.User;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.KReference;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.internal.networking.v1alpha1.ClusterDomainClaim;
import io.fabric8.knative.serving.v1.RevisionSpec;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1beta1.DomainMapping;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.PingSourceSpec;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * What the manifests must say, beyond fitting their schemas: each rule is one the cluster (Knative's webhook,
 * PostgreSQL, Kafka) or the project's own configuration would otherwise break at run time. {@link #run} returns every
 * broken rule as a sentence; none means the manifests are consistent.
 */
final class DeployChecks {

    /** Connections of each PostgreSQL cluster kept out of the functions' budget (deploy/README.md, "Connections"). */
    static final int SPARE_CONNECTIONS = 40;
    static final int POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;
    static final int POSTGRES_DEFAULT_SUPERUSER_RESERVED = 3;
    /** The cluster port of every component (shared/CONTRACT.md). */
    static final int CONTAINER_PORT = 8080;
    /** Knative accepts only these names for the serving port. */
    static final Set<String> KNATIVE_PORT_NAMES = Set.of("", "http1", "h2c");
    static final String KNATIVE_SERVICE_API = "serving.knative.dev/v1";
    static final String EVENTS_PATH = "/events";
    static final String PLACEHOLDER = "CHANGE_ME";
    /** Keycloak's db-pool-max-size when the Keycloak resource gives no db.poolMaxSize. */
    static final int KEYCLOAK_DEFAULT_POOL_MAX_SIZE = 100;
    static final Set<String> KEYCLOAK_PROXY_HEADERS = Set.of("forwarded", "xforwarded");
    /** The cluster realm's clients; admin-cli is declared only to switch off the flows Keycloak gives it by default. */
    static final Set<String> REALM_CLIENTS = Set.of("gateway", "booking-fn", "mypage-fn", "admin-cli");
    /** Where each confidential client reads its own secret: the component, and its environment variable. */
    static final Map<String, String> CLIENT_SECRET_ENV = Map.of(
            "booking-fn", "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET",
            "mypage-fn", "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET",
            "gateway", "QUARKUS_OIDC_CREDENTIALS_SECRET");
    static final String EVENTING_ISSUER = "QUARKUS_OIDC_EVENTING_AUTH_SERVER_URL";
    static final String EVENTING_AUDIENCE = "QUARKUS_OIDC_EVENTING_TOKEN_AUDIENCE";
    static final String EVENTING_TLS = "QUARKUS_OIDC_EVENTING_TLS_TLS_CONFIGURATION_NAME";

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+)(\\?.*)?");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*");
    /** Names that match SECRET_NAME but say which tokens to accept, not hold one. */
    private static final Pattern NOT_A_CREDENTIAL = Pattern.compile("(?i).*_TOKEN_(AUDIENCE|ISSUER)");
    /** A placeholder in a realm import, ${NAME} or ${NAME:default}, replaced by the import from the environment. */
    private static final Pattern REALM_PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");

    private final Manifests manifests;
    private final Project project;
    private final List<String> problems = new ArrayList<>();

    private DeployChecks(Manifests manifests, Project project) {
        this.manifests = manifests;
        this.project = project;
    }

    static List<String> run(Manifests manifests, Project project) {
        DeployChecks checks = new DeployChecks(manifests, project);
        checks.namespaces();
        checks.knativeServices();
        checks.secrets();
        checks.databases();
        checks.kafka();
        checks.eventing();
        checks.gateway();
        checks.keycloak();
        checks.realm();
        checks.tokens();
        return List.copyOf(checks.problems);
    }

    private void problem(String format, Object... args) {
        problems.add(String.format(format, args));
    }

    // ---------------------------------------------------------------------------------------------- namespaces

    private void namespaces() {
        if (manifests.all().stream().noneMatch(m -> m.kind().equals("Namespace") && m.name().equals(Project.NAMESPACE))) {
            problem("no Namespace %s", Project.NAMESPACE);
        }
        for (Manifest m : manifests.all()) {
            boolean clusterScoped = m.kind().equals("Namespace") || m.kind().equals("ClusterDomainClaim");
            if (clusterScoped && m.namespace() != null) {
                problem("%s is cluster-scoped but names namespace %s", m.where(), m.namespace());
            } else if (!clusterScoped && !Project.NAMESPACE.equals(m.namespace())) {
                problem("%s is in namespace %s, not %s", m.where(), m.namespace(), Project.NAMESPACE);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- Knative Services

    private void knativeServices() {
        Set<String> expected = new TreeSet<>(Project.FUNCTIONS);
        expected.add(Project.GATEWAY);
        Map<String, List<Manifest>> byName = new HashMap<>();
        for (Manifest m : manifests.manifestsOf(Service.class)) {
            byName.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(m);
        }
        for (String name : expected) {
            List<Manifest> found = byName.getOrDefault(name, List.of());
            if (found.size() != 1) {
                problem("expected exactly one Knative Service %s, found %d", name, found.size());
                continue;
            }
            Manifest m = found.get(0);
            if (!m.file().equals("deploy/generated/" + name + ".yml")) {
                problem("%s: the Knative Service %s must be the generated deploy/generated/%s.yml (make manifests)",
                        m.where(), name, name);
            }
            knativeService(m, (Service) m.model(), !name.equals(Project.GATEWAY));
        }
        byName.keySet().stream().filter(n -> !expected.contains(n))
                .forEach(n -> problem("unexpected Knative Service %s", n));
    }

    private void knativeService(Manifest m, Service service, boolean function) {
        String w = m.where();
        Map<String, String> annotations = service.getSpec().getTemplate().getMetadata() == null ? Map.of()
                : Objects.requireNonNullElse(service.getSpec().getTemplate().getMetadata().getAnnotations(), Map.of());
        Integer minScale = intAnnotation(w, annotations, "autoscaling.knative.dev/min-scale");
        Integer maxScale = intAnnotation(w, annotations, "autoscaling.knative.dev/max-scale");
        Integer target = intAnnotation(w, annotations, "autoscaling.knative.dev/target");
        if (minScale != null && function && minScale != 0) {
            problem("%s: a function must scale to zero (min-scale 0), has min-scale %d", w, minScale);
        }
        if (minScale != null && !function && minScale < 1) {
            problem("%s: the gateway, the one public address, must stay warm (min-scale >= 1), has %d", w, minScale);
        }
        if (maxScale != null && (maxScale < 1 || (minScale != null && maxScale < minScale))) {
            problem("%s: max-scale %d must be >= 1 and >= min-scale", w, maxScale);
        }
        if (target != null && target < 1) {
            problem("%s: concurrency target %d must be positive", w, target);
        }
        String metric = annotations.get("autoscaling.knative.dev/metric");
        if (metric != null && !metric.equals("concurrency")) {
            problem("%s: the target is a concurrency figure, but the metric is %s", w, metric);
        }

        Map<String, String> labels = Objects.requireNonNullElse(service.getMetadata().getLabels(), Map.of());
        boolean clusterLocal = "cluster-local".equals(labels.get("networking.knative.dev/visibility"));
        if (function && !clusterLocal) {
            problem("%s: a function must be cluster-local (only the gateway is public)", w);
        }
        if (!function && clusterLocal) {
            problem("%s: the gateway is the public address and must not be cluster-local", w);
        }

        RevisionSpec pod = service.getSpec().getTemplate().getSpec();
        if (pod.getInitContainers() != null && !pod.getInitContainers().isEmpty() || pod.getHostNetwork() != null
                || pod.getNodeName() != null || pod.getRestartPolicy() != null) {
            problem("%s: uses pod fields Knative rejects (initContainers, hostNetwork, nodeName, restartPolicy)", w);
        }
        if (pod.getServiceAccountName() != null && manifests.named(ServiceAccount.class, pod.getServiceAccountName()).isEmpty()) {
            problem("%s: service account %s is not defined", w, pod.getServiceAccountName());
        }
        for (Volume volume : Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of())) {
            if (volume.getPersistentVolumeClaim() != null) {
                String claim = volume.getPersistentVolumeClaim().getClaimName();
                Optional<PersistentVolumeClaim> pvc = manifests.named(PersistentVolumeClaim.class, claim);
                if (pvc.isEmpty()) {
                    problem("%s: volume %s claims %s, which is not defined", w, volume.getName(), claim);
                } else if (maxScale != null && maxScale > 1
                        && !pvc.get().getSpec().getAccessModes().contains("ReadWriteMany")) {
                    problem("%s: %d instances share the volume %s, which must be ReadWriteMany", w, maxScale, claim);
                }
            }
        }

        List<Container> containers = Objects.requireNonNullElse(pod.getContainers(), List.of());
        if (containers.size() != 1) {
            problem("%s: expected one container, found %d", w, containers.size());
            return;
        }
        container(w, service.getMetadata().getName(), containers.get(0), function);
    }

    private Integer intAnnotation(String where, Map<String, String> annotations, String name) {
        String value = annotations.get(name);
        if (value == null) {
            problem("%s: annotation %s is missing", where, name);
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            problem("%s: annotation %s is not a number: %s", where, name, value);
            return null;
        }
    }

    /**
     * The cluster runs the native executable with the heap bound of jvm.options (its last -Xmx), as make run and make
     * bench do, as container args after the image's entrypoint. The JVM's own settings would do nothing there,
     * whether written into the Service, taken from a Secret or from its ConfigMap.
     */
    private void nativeHeap(String w, String module, Container c) {
        List<String> expected = project.jvmOptions(module).stream().filter(o -> o.startsWith("-Xmx")).toList();
        List<String> actual = Objects.requireNonNullElse(c.getArgs(), List.of());
        if (!actual.equals(expected)) {
            problem("%s: the container args give the native executable %s, but jvm.options says %s", w, actual, expected);
        }
        if (c.getCommand() != null && !c.getCommand().isEmpty()) {
            problem("%s: a command replaces the image's entrypoint (./application): leave it to the image", w);
        }
        Set<String> names = new HashSet<>(effectiveEnv(c).keySet());
        Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).forEach(var -> names.add(var.getName()));
        for (String name : List.of("GC_CONTAINER_OPTIONS", "JAVA_OPTS_APPEND", "JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
            if (names.contains(name)) {
                problem("%s: %s is a JVM's setting; the native executable ignores it", w, name);
            }
        }
    }

    private void container(String w, String service, Container c, boolean function) {
        if (c.getImage() == null || c.getImage().isBlank()) {
            problem("%s: no image", w);
        }
        if (c.getLifecycle() != null || Boolean.TRUE.equals(c.getStdin()) || Boolean.TRUE.equals(c.getTty())
                || c.getVolumeDevices() != null && !c.getVolumeDevices().isEmpty()) {
            problem("%s: uses container fields Knative rejects (lifecycle, stdin, tty, volumeDevices)", w);
        }
        List<ContainerPort> ports = Objects.requireNonNullElse(c.getPorts(), List.of());
        ContainerPort port = null;
        if (ports.size() != 1) {
            problem("%s: Knative serves exactly one container port, found %d", w, ports.size());
        } else {
            port = ports.get(0);
            if (!KNATIVE_PORT_NAMES.contains(Objects.requireNonNullElse(port.getName(), ""))) {
                problem("%s: Knative rejects the port name %s (allowed: empty, http1, h2c)", w, port.getName());
            }
            if (!Integer.valueOf(CONTAINER_PORT).equals(port.getContainerPort())) {
                problem("%s: the container port is %s, the contract's cluster port is %d", w, port.getContainerPort(),
                        CONTAINER_PORT);
            }
            if (port.getHostPort() != null) {
                problem("%s: hostPort is not allowed", w);
            }
        }

        Map<String, String> env = literalEnv(c);
        if (!"knative".equals(env.get("QUARKUS_PROFILE"))) {
            problem("%s: QUARKUS_PROFILE must be knative, is %s", w, env.get("QUARKUS_PROFILE"));
        }
        if (port != null && !String.valueOf(port.getContainerPort()).equals(env.get("QUARKUS_HTTP_PORT"))) {
            problem("%s: QUARKUS_HTTP_PORT (%s) must be the container port %s, or Knative sends traffic where nothing "
                    + "listens", w, env.get("QUARKUS_HTTP_PORT"), port.getContainerPort());
        }

        nativeHeap(w, service, c);

        // Probes: Knative takes httpGet, tcpSocket, exec and grpc, on the container port only. The functions are
        // probed by SmallRye Health over httpGet; the gateway, whose public port answers nothing under /q/ (its health
        // is on the management interface), by a TCP connect.
        if (function) {
            probe(w, "livenessProbe", c.getLivenessProbe(), "/q/health/live", port);
            probe(w, "readinessProbe", c.getReadinessProbe(), "/q/health/ready", port);
        } else {
            tcpProbe(w, "livenessProbe", c.getLivenessProbe(), port);
            tcpProbe(w, "readinessProbe", c.getReadinessProbe(), port);
        }
        Probe readiness = c.getReadinessProbe();
        if (readiness != null) {
            int period = Objects.requireNonNullElse(readiness.getPeriodSeconds(), 0);
            int timeout = Objects.requireNonNullElse(readiness.getTimeoutSeconds(), 0);
            int failures = Objects.requireNonNullElse(readiness.getFailureThreshold(), 0);
            if (period == 0 && (timeout != 0 || failures != 0)) {
                problem("%s: readinessProbe with periodSeconds 0 must leave timeoutSeconds and failureThreshold unset "
                        + "(Knative rejects it), has %d and %d", w, timeout, failures);
            }
            if (period > 0 && (timeout < 1 || failures < 1)) {
                problem("%s: readinessProbe with a period needs timeoutSeconds and failureThreshold >= 1", w);
            }
        }
        if (c.getStartupProbe() != null) {
            problem("%s: startupProbe is not accepted by every Knative release; this project leaves it out", w);
        }

        // Configuration: from ConfigMaps and Secrets, never written into the Service.
        for (EnvVar var : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            String value = var.getValue();
            if (value != null) {
                if (looksLikeCredential(var.getName()) || var.getName().endsWith("_USERNAME")) {
                    problem("%s: %s is written into the Service; it must come from a Secret", w, var.getName());
                }
                if (value.contains("jdbc:") || value.contains("localhost") || value.contains("127.0.0.1")) {
                    problem("%s: %s hard-codes an address (%s); it belongs in the ConfigMap", w, var.getName(), value);
                }
            } else if (var.getValueFrom() != null) {
                envSource(w, var);
            }
        }
        for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null
                    && manifests.named(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                problem("%s: envFrom ConfigMap %s is not defined", w, from.getConfigMapRef().getName());
            }
            if (from.getSecretRef() != null && manifests.named(Secret.class, from.getSecretRef().getName()).isEmpty()) {
                problem("%s: envFrom Secret %s is not defined", w, from.getSecretRef().getName());
            }
        }
        String configMap = function ? service + "-config" : "gateway-config";
        if (envFromConfigMaps(c).stream().noneMatch(configMap::equals)) {
            problem("%s: must take its configuration from the ConfigMap %s (envFrom)", w, configMap);
        }
        if (function) {
            for (String name : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                if (secretRef(c, name).isEmpty()) {
                    problem("%s: %s must come from a Secret (secretKeyRef)", w, name);
                }
            }
        }
    }

    /** The gateway's probe: a TCP connect to the container port, never an httpGet (its /q/ is not on that port). */
    private void tcpProbe(String w, String kind, Probe probe, ContainerPort port) {
        if (probe == null) {
            problem("%s: no %s (a TCP connect to the container port)", w, kind);
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get != null && get.getPath() != null && (get.getPath().equals("/q") || get.getPath().startsWith("/q/"))) {
            problem("%s: %s checks %s, but nothing under /q/ answers on the gateway's public port (its health is on the"
                    + " management interface, which Knative cannot probe)", w, kind, get.getPath());
        }
        if (probe.getTcpSocket() == null) {
            problem("%s: %s must be tcpSocket on the container port", w, kind);
            return;
        }
        if (probe.getTcpSocket().getHost() != null && !probe.getTcpSocket().getHost().isBlank()) {
            problem("%s: %s connects to host %s, not to the pod", w, kind, probe.getTcpSocket().getHost());
        }
        if (port != null && !isContainerPort(probe.getTcpSocket().getPort(), port)) {
            problem("%s: %s port %s is not the container port (Knative: 'Probe port must match container port')", w,
                    kind, text(probe.getTcpSocket().getPort()));
        }
    }

    /** An unset port is the container port to Knative; so is its number or its name. */
    private static boolean isContainerPort(IntOrString probePort, ContainerPort port) {
        if (probePort == null) {
            return true;
        }
        return probePort.getIntVal() != null ? probePort.getIntVal().equals(port.getContainerPort())
                : probePort.getStrVal() == null || probePort.getStrVal().equals(port.getName());
    }

    private static String text(IntOrString port) {
        return port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }

    private void probe(String w, String kind, Probe probe, String path, ContainerPort port) {
        if (probe == null) {
            problem("%s: no %s (SmallRye Health %s)", w, kind, path);
            return;
        }
        if (probe.getExec() != null || probe.getTcpSocket() != null || probe.getGrpc() != null) {
            problem("%s: %s must be httpGet on %s only", w, kind, path);
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            problem("%s: %s is not httpGet", w, kind);
            return;
        }
        if (!path.equals(get.getPath())) {
            problem("%s: %s checks %s, not %s", w, kind, get.getPath(), path);
        }
        if (port != null && !isContainerPort(get.getPort(), port)) {
            problem("%s: %s port %s is not the container port (Knative: 'Probe port must match container port')",
                    w, kind, text(get.getPort()));
        }
    }

    private void envSource(String w, EnvVar var) {
        var from = var.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            String name = from.getSecretKeyRef().getName();
            Optional<Secret> secret = manifests.named(Secret.class, name);
            if (secret.isEmpty()) {
                problem("%s: %s reads Secret %s, which is not defined", w, var.getName(), name);
            } else if (!secretData(secret.get()).containsKey(from.getSecretKeyRef().getKey())) {
                problem("%s: %s reads key %s, which Secret %s does not have", w, var.getName(),
                        from.getSecretKeyRef().getKey(), name);
            }
        }
        if (from.getConfigMapKeyRef() != null) {
            String name = from.getConfigMapKeyRef().getName();
            Optional<ConfigMap> map = manifests.named(ConfigMap.class, name);
            if (map.isEmpty() || map.get().getData() == null
                    || !map.get().getData().containsKey(from.getConfigMapKeyRef().getKey())) {
                problem("%s: %s reads key %s of ConfigMap %s, which is not defined", w, var.getName(),
                        from.getConfigMapKeyRef().getKey(), name);
            }
        }
    }

    private static Map<String, String> literalEnv(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
    }

    private static List<String> envFromConfigMaps(Container c) {
        return Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of()).stream()
                .filter(f -> f.getConfigMapRef() != null).map(f -> f.getConfigMapRef().getName()).toList();
    }

    private static Optional<SecretKeySelector> secretRef(Container c, String name) {
        return Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).stream()
                .filter(v -> v.getName().equals(name) && v.getValueFrom() != null
                        && v.getValueFrom().getSecretKeyRef() != null)
                .map(v -> v.getValueFrom().getSecretKeyRef()).findFirst();
    }

    /** The environment a container gets from its ConfigMaps, then its literal env (which wins). */
    private Map<String, String> effectiveEnv(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : envFromConfigMaps(c)) {
            manifests.named(ConfigMap.class, name).map(ConfigMap::getData).ifPresent(env::putAll);
        }
        env.putAll(literalEnv(c));
        return env;
    }

    private Optional<Container> container(String service) {
        return manifests.named(Service.class, service)
                .map(s -> s.getSpec().getTemplate().getSpec().getContainers())
                .filter(cs -> cs != null && cs.size() == 1).map(cs -> cs.get(0));
    }

    private Optional<Integer> maxScale(String service) {
        return manifests.named(Service.class, service)
                .map(s -> s.getSpec().getTemplate().getMetadata().getAnnotations())
                .map(a -> a.get("autoscaling.knative.dev/max-scale"))
                .flatMap(v -> {
                    try {
                        return Optional.of(Integer.valueOf(v));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    // ----------------------------------------------------------------------------------------------- secrets

    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    private static boolean looksLikeCredential(String name) {
        return SECRET_NAME.matcher(name).matches() && !NOT_A_CREDENTIAL.matcher(name).matches();
    }

    private void secrets() {
        for (Manifest m : manifests.manifestsOf(Secret.class)) {
            secretData((Secret) m.model()).forEach((key, value) -> {
                if (looksLikeCredential(key) && !value.startsWith(PLACEHOLDER)) {
                    problem("%s: %s holds a value that is not a %s placeholder: real credentials must never be "
                            + "committed", m.where(), key, PLACEHOLDER);
                }
            });
        }
        for (Manifest m : manifests.manifestsOf(ConfigMap.class)) {
            Map<String, String> data = Objects.requireNonNullElse(((ConfigMap) m.model()).getData(), Map.of());
            data.forEach((key, value) -> {
                if (looksLikeCredential(key) || value.toLowerCase().contains("password=")) {
                    problem("%s: %s looks like a credential; credentials belong in a Secret", m.where(), key);
                }
            });
        }
    }

    // --------------------------------------------------------------------------------------------- databases

    private void databases() {
        List<CnpgCluster> clusters = manifests.all(CnpgCluster.class);
        for (CnpgCluster cluster : clusters) {
            String w = "CNPG Cluster " + cluster.metadata().getName();
            CnpgCluster.Spec spec = cluster.spec();
            if (spec == null || spec.instances() == null || spec.instances() < 1) {
                problem("%s: instances must be >= 1", w);
                continue;
            }
            if (spec.primaryUpdateStrategy() != null
                    && !Set.of("unsupervised", "supervised").contains(spec.primaryUpdateStrategy())) {
                problem("%s: primaryUpdateStrategy must be unsupervised or supervised", w);
            }
            if (spec.storage() == null || spec.storage().size() == null) {
                problem("%s: storage.size is required", w);
            }
            if (spec.bootstrap() == null || spec.bootstrap().initdb() == null
                    || spec.bootstrap().initdb().database() == null || spec.bootstrap().initdb().owner() == null
                    || spec.bootstrap().initdb().secret() == null) {
                problem("%s: bootstrap.initdb needs database, owner and secret", w);
            }
        }

        Map<String, String> clusterUsers = new HashMap<>();
        for (String fn : new TreeSet<>(Project.FUNCTIONS)) {
            Optional<Container> c = container(fn);
            if (c.isEmpty()) {
                continue;
            }
            Optional<SecretKeySelector> password = secretRef(c.get(),
                    "QUARKUS_DATASOURCE_PASSWORD");
            if (password.isEmpty()) {
                continue;
            }
            String secretName = password.get().getName();
            Optional<CnpgCluster> found = clusters.stream()
                    .filter(cl -> cl.spec() != null && cl.spec().bootstrap() != null
                            && cl.spec().bootstrap().initdb() != null && cl.spec().bootstrap().initdb().secret() != null
                            && secretName.equals(cl.spec().bootstrap().initdb().secret().getName()))
                    .findFirst();
            if (found.isEmpty()) {
                problem("%s: its password Secret %s is no CNPG Cluster's bootstrap.initdb.secret", fn, secretName);
                continue;
            }
            CnpgCluster cluster = found.get();
            String clusterName = cluster.metadata().getName();
            String previous = clusterUsers.put(clusterName, fn);
            if (previous != null) {
                problem("%s and %s share the PostgreSQL cluster %s: one database (and one connection budget) per "
                        + "function", previous, fn, clusterName);
            }
            CnpgCluster.InitDb initdb = cluster.spec().bootstrap().initdb();
            manifests.named(Secret.class, secretName).map(DeployChecks::secretData).ifPresent(data -> {
                if (!Objects.equals(data.get("username"), initdb.owner())) {
                    problem("%s: Secret %s names user %s, but the database owner is %s", fn, secretName,
                            data.get("username"), initdb.owner());
                }
            });

            Map<String, String> env = effectiveEnv(c.get());
            String url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
            Matcher jdbc = url == null ? null : JDBC_URL.matcher(url);
            if (jdbc == null || !jdbc.matches()) {
                problem("%s: QUARKUS_DATASOURCE_JDBC_URL (%s) is not a PostgreSQL JDBC URL", fn, url);
            } else {
                if (!rwHosts(clusterName).contains(jdbc.group(1))) {
                    problem("%s: the JDBC URL's host %s is not %s-rw, the read-write service of its cluster", fn,
                            jdbc.group(1), clusterName);
                }
                if (!initdb.database().equals(jdbc.group(3))) {
                    problem("%s: the JDBC URL names database %s, the cluster creates %s", fn, jdbc.group(3),
                            initdb.database());
                }
            }

            int pool = poolSize(fn, env);
            Budget budget = Budget.of(cluster);
            Optional<Integer> maxScale = maxScale(fn);
            if (maxScale.isPresent() && maxScale.get() * pool > budget.connections()) {
                problem("%s: max-scale %d x pool %d = %d connections, more than %s allows (%s)", fn, maxScale.get(),
                        pool, maxScale.get() * pool, clusterName, budget);
            }

            String bootstrap = kafkaBootstrap();
            if (bootstrap != null && !bootstrap.equals(env.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                problem("%s: KAFKA_BOOTSTRAP_SERVERS is %s, the Kafka cluster's bootstrap is %s", fn,
                        env.get("KAFKA_BOOTSTRAP_SERVERS"), bootstrap);
            }
        }

        container("booking-fn").map(this::effectiveEnv).ifPresent(env -> {
            String expected = "http://vaccine-fn." + Project.NAMESPACE + ".svc.cluster.local";
            String url = env.get(Project.envName("quarkus.rest-client.vaccine-fn.url"));
            if (url == null || !(url.equals(expected) || url.equals(expected + ":80"))) {
                problem("booking-fn: the stock check's URL (QUARKUS_REST_CLIENT_VACCINE_FN_URL) is %s, not vaccine-fn's "
                        + "cluster-local address %s", url, expected);
            }
        });
    }

    /** What a PostgreSQL cluster leaves its one client: max_connections - superuser-reserved - the spare ones. */
    record Budget(int maxConnections, int reserved, int connections) {

        static Budget of(CnpgCluster cluster) {
            Map<String, String> parameters = cluster.spec().postgresql() == null
                    || cluster.spec().postgresql().parameters() == null ? Map.of()
                            : cluster.spec().postgresql().parameters();
            int maxConnections = Integer.parseInt(parameters.getOrDefault("max_connections",
                    String.valueOf(POSTGRES_DEFAULT_MAX_CONNECTIONS)));
            int reserved = Integer.parseInt(parameters.getOrDefault("superuser_reserved_connections",
                    String.valueOf(POSTGRES_DEFAULT_SUPERUSER_RESERVED)));
            return new Budget(maxConnections, reserved, maxConnections - reserved - SPARE_CONNECTIONS);
        }

        @Override
        public String toString() {
            return String.format("max_connections %d - %d superuser-reserved - %d spare = %d", maxConnections,
                    reserved, SPARE_CONNECTIONS, connections);
        }
    }

    /** The host names of a CNPG cluster's read-write service, as a client in the namespace may write them. */
    private static Set<String> rwHosts(String clusterName) {
        return Set.of(clusterName + "-rw", clusterName + "-rw." + Project.NAMESPACE,
                clusterName + "-rw." + Project.NAMESPACE + ".svc",
                clusterName + "-rw." + Project.NAMESPACE + ".svc.cluster.local");
    }

    /** The pool as the running function sees it: the environment, else application.properties, else Agroal's default. */
    private int poolSize(String fn, Map<String, String> env) {
        String value = env.get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
        if (value == null) {
            value = project.knativeProperty(fn, "quarkus.datasource.jdbc.max-size").orElse(null);
        }
        try {
            return value == null ? Project.AGROAL_DEFAULT_MAX_SIZE : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problem("%s: the pool size %s is not a number", fn, value);
            return Integer.MAX_VALUE / 1000;
        }
    }

    // ------------------------------------------------------------------------------------------------- Kafka

    private String kafkaBootstrap() {
        List<Kafka> kafkas = manifests.all(Kafka.class);
        if (kafkas.size() != 1) {
            return null;
        }
        Kafka kafka = kafkas.get(0);
        return kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> l.getType() == KafkaListenerType.INTERNAL && !l.isTls())
                .findFirst()
                .map(l -> kafka.getMetadata().getName() + "-kafka-bootstrap." + Project.NAMESPACE + ".svc:" + l.getPort())
                .orElse(null);
    }

    private void kafka() {
        List<Kafka> kafkas = manifests.all(Kafka.class);
        if (kafkas.size() != 1) {
            problem("expected one Strimzi Kafka, found %d", kafkas.size());
            return;
        }
        Kafka kafka = kafkas.get(0);
        String cluster = kafka.getMetadata().getName();
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        if (kafkaBootstrap() == null) {
            problem("Kafka %s has no internal plain listener for the functions and the KafkaSources (listeners: %s)",
                    cluster, listeners.stream().map(GenericKafkaListener::getName).toList());
        }
        int brokers = 0;
        Set<ProcessRoles> roles = new HashSet<>();
        for (Manifest m : manifests.manifestsOf(KafkaNodePool.class)) {
            KafkaNodePool pool = (KafkaNodePool) m.model();
            if (!cluster.equals(label(m, "strimzi.io/cluster"))) {
                problem("%s: label strimzi.io/cluster must be %s", m.where(), cluster);
            }
            roles.addAll(pool.getSpec().getRoles());
            if (pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
                brokers += pool.getSpec().getReplicas();
            }
        }
        if (!roles.containsAll(Set.of(ProcessRoles.CONTROLLER, ProcessRoles.BROKER))) {
            problem("Kafka %s (KRaft) needs node pools with the controller and broker roles, has %s", cluster, roles);
        }
        Map<String, KafkaTopic> topics = new HashMap<>();
        for (Manifest m : manifests.manifestsOf(KafkaTopic.class)) {
            KafkaTopic topic = (KafkaTopic) m.model();
            if (!cluster.equals(label(m, "strimzi.io/cluster"))) {
                problem("%s: label strimzi.io/cluster must be %s", m.where(), cluster);
            }
            String name = topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName() : m.name();
            topics.put(name, topic);
            Integer replicas = topic.getSpec().getReplicas();
            if (replicas != null && replicas > brokers) {
                problem("%s: %d replicas, but only %d brokers", m.where(), replicas, brokers);
            }
            Object minIsr = topic.getSpec().getConfig() == null ? null : topic.getSpec().getConfig().get("min.insync.replicas");
            if (minIsr != null && replicas != null && Integer.parseInt(minIsr.toString()) >= replicas) {
                problem("%s: min.insync.replicas %s leaves no broker to lose with %d replicas (acks=all producers "
                        + "would stop)", m.where(), minIsr, replicas);
            }
        }
        Set<String> needed = new TreeSet<>();
        for (String fn : Project.FUNCTIONS) {
            needed.addAll(project.consumedTopics(fn));
            project.producedTopic(fn).ifPresent(needed::add);
        }
        manifests.all(KafkaSink.class).forEach(sink -> needed.add(sink.getSpec().getTopic()));
        needed.stream().filter(t -> !topics.containsKey(t))
                .forEach(t -> problem("topic %s is used but has no KafkaTopic (auto-creation is off)", t));
    }

    private static String label(Manifest m, String name) {
        return m.tree().path("metadata").path("labels").path(name).asText(null);
    }

    // ------------------------------------------------------------------------------------------------ eventing

    private void eventing() {
        String bootstrap = kafkaBootstrap();
        Map<String, List<Manifest>> sourcesBySink = new HashMap<>();
        Set<String> groups = new HashSet<>();
        for (Manifest m : manifests.manifestsOf(KafkaSource.class)) {
            KafkaSource source = (KafkaSource) m.model();
            var spec = source.getSpec();
            String sink = knativeServiceRef(m.where(), spec.getSink());
            if (sink != null) {
                sourcesBySink.computeIfAbsent(sink, s -> new ArrayList<>()).add(m);
            }
            if (!EVENTS_PATH.equals(spec.getSink() == null ? null : spec.getSink().getUri())) {
                problem("%s: must deliver to the function's %s (sink.uri), not %s", m.where(), EVENTS_PATH,
                        spec.getSink() == null ? null : spec.getSink().getUri());
            }
            if (spec.getConsumerGroup() == null || !groups.add(spec.getConsumerGroup())) {
                problem("%s: needs its own consumer group, has %s", m.where(), spec.getConsumerGroup());
            }
            if (bootstrap != null && !List.of(bootstrap).equals(spec.getBootstrapServers())) {
                problem("%s: bootstrapServers %s, the Kafka cluster's bootstrap is %s", m.where(),
                        spec.getBootstrapServers(), bootstrap);
            }
            if (!"ordered".equals(spec.getOrdering())) {
                problem("%s: ordering must be ordered, so the events of one aggregate arrive in order", m.where());
            }
            if (spec.getDelivery() == null || spec.getDelivery().getDeadLetterSink() == null) {
                problem("%s: needs a deadLetterSink, or an event refused after its retries is lost", m.where());
            } else {
                KReference dls = spec.getDelivery().getDeadLetterSink().getRef();
                if (dls == null || !"KafkaSink".equals(dls.getKind())
                        || manifests.named(KafkaSink.class, dls.getName()).isEmpty()) {
                    problem("%s: its deadLetterSink is not a KafkaSink defined here", m.where());
                }
                if (spec.getDelivery().getRetry() == null || spec.getDelivery().getRetry() < 1) {
                    problem("%s: must retry (delivery.retry >= 1): a cold start or a 503 is not a failure", m.where());
                }
            }
        }
        for (String fn : new TreeSet<>(Project.FUNCTIONS)) {
            Set<String> consumed = project.consumedTopics(fn);
            List<Manifest> sources = sourcesBySink.getOrDefault(fn, List.of());
            if (consumed.isEmpty()) {
                if (!sources.isEmpty()) {
                    problem("%s consumes no topic but has KafkaSources %s", fn, sources.stream().map(Manifest::name).toList());
                }
                continue;
            }
            if (sources.size() != 1) {
                problem("%s consumes %s and needs exactly one KafkaSource delivering to its %s, has %d", fn, consumed,
                        EVENTS_PATH, sources.size());
                continue;
            }
            List<String> topics = ((KafkaSource) sources.get(0).model()).getSpec().getTopics();
            if (topics == null || !consumed.equals(new TreeSet<>(topics)) || topics.size() != consumed.size()) {
                problem("%s: its KafkaSource reads %s, but the function consumes %s (mp.messaging.incoming.*)",
                        sources.get(0).where(), topics, consumed);
            }
        }
        sourcesBySink.keySet().stream().filter(s -> !Project.FUNCTIONS.contains(s))
                .forEach(s -> problem("a KafkaSource delivers to %s, which is no consuming function", s));

        for (Manifest m : manifests.manifestsOf(KafkaSink.class)) {
            KafkaSink sink = (KafkaSink) m.model();
            if (bootstrap != null && !List.of(bootstrap).equals(sink.getSpec().getBootstrapServers())) {
                problem("%s: bootstrapServers %s, the Kafka cluster's bootstrap is %s", m.where(),
                        sink.getSpec().getBootstrapServers(), bootstrap);
            }
        }

        // Scheduled work at zero replicas: every PingSource delivers {"job": "<name>"} to a function's /events, naming
        // a job that function runs, and every job of every function has a PingSource (else it silently never runs).
        Map<String, Set<String>> ticked = new TreeMap<>();
        for (Manifest m : manifests.manifestsOf(PingSource.class)) {
            PingSourceSpec spec = ((PingSource) m.model()).getSpec();
            String fn = knativeServiceRef(m.where(), spec.getSink());
            if (fn == null) {
                continue;
            }
            if (!Project.FUNCTIONS.contains(fn) || !EVENTS_PATH.equals(spec.getSink().getUri())) {
                problem("%s: a PingSource must deliver to a function's %s, delivers to %s %s", m.where(), EVENTS_PATH,
                        fn, spec.getSink().getUri());
                continue;
            }
            String job = pingJob(m.where(), spec);
            if (job == null) {
                continue;
            }
            Set<String> known = project.scheduledJobs(fn);
            if (!known.contains(job)) {
                problem("%s: names job %s, which %s does not run (its jobs: %s)", m.where(), job, fn, known);
            }
            ticked.computeIfAbsent(fn, f -> new TreeSet<>()).add(job);
        }
        for (String fn : new TreeSet<>(Project.FUNCTIONS)) {
            Set<String> missing = new TreeSet<>(project.scheduledJobs(fn));
            missing.removeAll(ticked.getOrDefault(fn, Set.of()));
            if (!missing.isEmpty()) {
                problem("%s runs job(s) %s on an in-process schedule, which never fires at zero replicas, and no "
                        + "PingSource names them", fn, missing);
            }
        }
        List<Manifest> pings = manifests.manifestsOf(PingSource.class);
        eventAudiences();
        for (Manifest m : pings) {
            String schedule = ((PingSource) m.model()).getSpec().getSchedule();
            if (schedule == null || schedule.trim().split("\\s+").length != 5) {
                problem("%s: schedule %s is not a five-field cron expression", m.where(), schedule);
            }
        }
    }

    /**
     * Who may call /events (deploy/README.md): each function's eventing tenant trusts the cluster's service-account
     * issuer for an audience of its own, and every source delivering to the function's /events names that audience
     * (sink.audience), so Knative Eventing's OIDC token for it is accepted there and nowhere else.
     */
    private void eventAudiences() {
        Map<String, String> audiences = new TreeMap<>();
        for (String fn : new TreeSet<>(Project.FUNCTIONS)) {
            Optional<Container> c = container(fn);
            if (c.isEmpty()) {
                continue;
            }
            Map<String, String> env = effectiveEnv(c.get());
            String issuer = env.get(EVENTING_ISSUER);
            if (issuer == null || !issuer.startsWith("https://")) {
                problem("%s: %s is %s, not the cluster's service-account issuer (an https URL): the eventing tenant "
                        + "would trust Keycloak's realm and refuse every event", fn, EVENTING_ISSUER, issuer);
            }
            String audience = env.get(EVENTING_AUDIENCE);
            if (audience == null || audience.isBlank()) {
                problem("%s: %s is not set, so POST /events would take a service-account token issued for any "
                        + "audience", fn, EVENTING_AUDIENCE);
            } else {
                audiences.forEach((other, theirs) -> {
                    if (theirs.equals(audience)) {
                        problem("%s and %s share the event audience %s: a token for one's events would pass at the "
                                + "other's /events", other, fn, audience);
                    }
                });
                audiences.put(fn, audience);
            }
            String tls = env.get(EVENTING_TLS);
            if (tls != null) {
                String certs = "QUARKUS_TLS_" + Project.envName(tls) + "_TRUST_STORE_PEM_CERTS";
                if (env.get(certs) == null || env.get(certs).isBlank()) {
                    problem("%s: the eventing tenant uses the TLS configuration %s, but %s is not set", fn, tls, certs);
                }
            }
        }
        List<Manifest> sources = new ArrayList<>(manifests.manifestsOf(KafkaSource.class));
        sources.addAll(manifests.manifestsOf(PingSource.class));
        for (Manifest m : sources) {
            Destination sink = m.model() instanceof KafkaSource kafka ? kafka.getSpec().getSink()
                    : ((PingSource) m.model()).getSpec().getSink();
            if (sink == null || sink.getRef() == null || !EVENTS_PATH.equals(sink.getUri())
                    || !audiences.containsKey(sink.getRef().getName())) {
                continue;
            }
            String fn = sink.getRef().getName();
            if (!audiences.get(fn).equals(sink.getAudience())) {
                problem("%s: sink.audience is %s, but %s takes event tokens for the audience %s (%s): Knative "
                        + "Eventing would send a token it refuses", m.where(), sink.getAudience(), fn,
                        audiences.get(fn), EVENTING_AUDIENCE);
            }
        }
    }

    /** The job a PingSource's data names ({"job": "<name>"}, as JSON), or null with a problem. */
    private String pingJob(String where, PingSourceSpec spec) {
        if (!"application/json".equals(spec.getContentType())) {
            problem("%s: contentType must be application/json (its data names the job), is %s", where,
                    spec.getContentType());
        }
        try {
            JsonNode job = spec.getData() == null ? null : new ObjectMapper().readTree(spec.getData()).get("job");
            if (job != null && job.isTextual() && !job.asText().isBlank()) {
                return job.asText();
            }
        } catch (IOException e) {
            // reported below
        }
        problem("%s: data must be {\"job\": \"<name>\"}, is %s", where, spec.getData());
        return null;
    }

    /** The name of the Knative Service a sink points to, or null (with a problem) if it points elsewhere. */
    private String knativeServiceRef(String where, Destination sink) {
        if (sink == null || sink.getRef() == null) {
            problem("%s: sink must reference a Knative Service (sink.ref)", where);
            return null;
        }
        KReference ref = sink.getRef();
        if (!KNATIVE_SERVICE_API.equals(ref.getApiVersion()) || !"Service".equals(ref.getKind())) {
            problem("%s: sink.ref is %s %s, not a Knative Service (%s)", where, ref.getApiVersion(), ref.getKind(),
                    KNATIVE_SERVICE_API);
            return null;
        }
        if (manifests.named(Service.class, ref.getName()).isEmpty()) {
            problem("%s: sink.ref names the Knative Service %s, which is not defined", where, ref.getName());
        }
        return ref.getName();
    }

    // ------------------------------------------------------------------------------------------------- gateway

    private void gateway() {
        Map<String, String> routes = project.gatewayRoutes();
        if (routes.isEmpty()) {
            problem("the gateway's application.properties has no routes (gateway.routes.\"/prefix\"=service)");
        }
        Set<String> routed = new TreeSet<>(routes.values());
        Map<String, String> env = container(Project.GATEWAY).map(this::effectiveEnv).orElse(Map.of());
        Map<String, String> urls = new HashMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith("GATEWAY_SERVICES_")) {
                urls.put(key, value);
            }
        });
        Map<String, String> envToService = new HashMap<>();
        project.gatewayServiceNames().forEach(s -> envToService.put(Project.envName("gateway.services." + s), s));
        for (String key : new TreeSet<>(urls.keySet())) {
            String service = envToService.get(key);
            if (service == null) {
                problem("gateway: %s matches no gateway.services.* property in application.properties, so SmallRye "
                        + "cannot map it to a service name", key);
            } else if (!routed.contains(service)) {
                problem("gateway: %s gives a URL for %s, which no route uses", key, service);
            }
        }
        for (String service : routed) {
            String key = Project.envName("gateway.services." + service);
            String url = urls.get(key);
            String expected = "http://" + service + "." + Project.NAMESPACE + ".svc.cluster.local:80";
            if (url == null) {
                problem("gateway: routes go to %s, but the gateway's ConfigMap has no %s, so it would proxy to the "
                        + "local URL in application.properties", service, key);
            } else if (!url.equals(expected)) {
                problem("gateway: %s is %s, expected %s (the cluster-local Knative address, with its port: the "
                        + "gateway cannot proxy to a URL without one)", key, url, expected);
            } else if (URI.create(url).getPort() < 0) {
                problem("gateway: %s has no port", key);
            }
            if (manifests.named(Service.class, service).isEmpty()) {
                problem("gateway: routes go to %s, which is not a Knative Service here", service);
            }
        }

        List<Manifest> mappings = manifests.manifestsOf(DomainMapping.class);
        if (mappings.isEmpty()) {
            problem("no DomainMapping: the gateway has no public address");
        }
        for (Manifest m : mappings) {
            KReference ref = ((DomainMapping) m.model()).getSpec().getRef();
            if (ref == null || !Project.GATEWAY.equals(ref.getName()) || !"Service".equals(ref.getKind())
                    || !KNATIVE_SERVICE_API.equals(ref.getApiVersion())) {
                problem("%s: the public domain must map to the gateway's Knative Service only", m.where());
            }
            for (Manifest claim : manifests.manifestsOf(ClusterDomainClaim.class)) {
                if (claim.name().equals(m.name())
                        && !Project.NAMESPACE.equals(((ClusterDomainClaim) claim.model()).getSpec().getNamespace())) {
                    problem("%s: claims the domain for another namespace", claim.where());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ identity

    private Optional<String> secretValue(SecretKeySelector ref) {
        return manifests.named(Secret.class, ref.getName()).map(DeployChecks::secretData).map(d -> d.get(ref.getKey()));
    }

    /** Keycloak's public URL, from hostname.hostname (a host name or a URL), or null if it has none over https. */
    private String keycloakUrl() {
        List<Keycloak> all = manifests.all(Keycloak.class);
        if (all.size() != 1 || all.get(0).spec() == null || all.get(0).spec().hostname() == null
                || all.get(0).spec().hostname().hostname() == null) {
            return null;
        }
        String hostname = all.get(0).spec().hostname().hostname().replaceAll("/+$", "");
        String url = hostname.contains("://") ? hostname : "https://" + hostname;
        return url.startsWith("https://") ? url : null;
    }

    private void keycloak() {
        List<Manifest> found = manifests.manifestsOf(Keycloak.class);
        if (found.size() != 1) {
            problem("expected one Keycloak (k8s.keycloak.org/v2alpha1), found %d", found.size());
            return;
        }
        Manifest m = found.get(0);
        String w = m.where();
        Keycloak.Spec spec = ((Keycloak) m.model()).spec();
        if (spec == null) {
            problem("%s: no spec", w);
            return;
        }
        int instances = Objects.requireNonNullElse(spec.instances(), 1);
        if (instances < 1) {
            problem("%s: instances must be >= 1", w);
        }
        if (keycloakUrl() == null) {
            problem("%s: hostname.hostname must be Keycloak's public https URL (or host name), is %s: the issuer of "
                    + "every token derives from it", w, spec.hostname() == null ? null : spec.hostname().hostname());
        }
        Keycloak.Http http = spec.http();
        if ((http == null || http.tlsSecret() == null) && (http == null || !Boolean.TRUE.equals(http.httpEnabled()))) {
            problem("%s: without http.tlsSecret, http.httpEnabled must be true (TLS ends at the Ingress)", w);
        }
        if (spec.proxy() == null || !KEYCLOAK_PROXY_HEADERS.contains(spec.proxy().headers())) {
            problem("%s: behind the Ingress, proxy.headers must be one of %s, is %s", w, KEYCLOAK_PROXY_HEADERS,
                    spec.proxy() == null ? null : spec.proxy().headers());
        }

        Keycloak.Database db = spec.db();
        if (db == null) {
            problem("%s: no db: Keycloak would keep its data in a file inside the pod", w);
            return;
        }
        if (!"postgres".equals(db.vendor())) {
            problem("%s: db.vendor must be postgres (a CloudNativePG cluster), is %s", w, db.vendor());
        }
        if (db.url() != null) {
            problem("%s: db.url writes the address out; give db.host, db.port and db.database", w);
        }
        Map<String, SecretKeySelector> credentials = new LinkedHashMap<>();
        credentials.put("usernameSecret", db.usernameSecret());
        credentials.put("passwordSecret", db.passwordSecret());
        credentials.forEach((field, selector) -> {
            if (selector == null || selector.getName() == null || selector.getKey() == null) {
                problem("%s: db.%s must reference a Secret's key: credentials are never written into the resource", w,
                        field);
            } else if (secretValue(selector).isEmpty()) {
                problem("%s: db.%s reads key %s of Secret %s, which is not defined", w, field, selector.getKey(),
                        selector.getName());
            }
        });
        if (db.passwordSecret() == null || db.passwordSecret().getName() == null) {
            return;
        }
        String secretName = db.passwordSecret().getName();
        Optional<CnpgCluster> cluster = manifests.all(CnpgCluster.class).stream()
                .filter(cl -> cl.spec() != null && cl.spec().bootstrap() != null && cl.spec().bootstrap().initdb() != null
                        && cl.spec().bootstrap().initdb().secret() != null
                        && secretName.equals(cl.spec().bootstrap().initdb().secret().getName()))
                .findFirst();
        if (cluster.isEmpty()) {
            problem("%s: its password Secret %s is no CNPG Cluster's bootstrap.initdb.secret", w, secretName);
            return;
        }
        String clusterName = cluster.get().metadata().getName();
        CnpgCluster.InitDb initdb = cluster.get().spec().bootstrap().initdb();
        if (db.host() == null || !rwHosts(clusterName).contains(db.host())) {
            problem("%s: db.host %s is not %s-rw, the read-write service of its cluster", w, db.host(), clusterName);
        }
        if (db.port() != null && db.port() != 5432) {
            problem("%s: db.port %d is not PostgreSQL's 5432", w, db.port());
        }
        if (!Objects.equals(initdb.database(), db.database())) {
            problem("%s: db.database is %s, the cluster %s creates %s", w, db.database(), clusterName,
                    initdb.database());
        }
        if (db.usernameSecret() != null && db.usernameSecret().getName() != null) {
            secretValue(db.usernameSecret()).filter(user -> !user.equals(initdb.owner()))
                    .ifPresent(user -> problem("%s: db.usernameSecret names user %s, but the owner of %s is %s", w,
                            user, clusterName, initdb.owner()));
        }
        int pool = Objects.requireNonNullElse(db.poolMaxSize(), KEYCLOAK_DEFAULT_POOL_MAX_SIZE);
        Budget budget = Budget.of(cluster.get());
        if (instances * pool > budget.connections()) {
            problem("%s: %d instances x pool %d = %d connections, more than %s allows (%s)", w, instances, pool,
                    instances * pool, clusterName, budget);
        }
        for (String fn : new TreeSet<>(Project.FUNCTIONS)) {
            container(fn).flatMap(c -> secretRef(c, "QUARKUS_DATASOURCE_PASSWORD"))
                    .filter(ref -> secretName.equals(ref.getName()))
                    .ifPresent(ref -> problem("%s: Keycloak and %s share the PostgreSQL cluster %s", w, fn, clusterName));
        }
    }

    private static Set<String> roleNames(List<Role> roles) {
        Set<String> names = new TreeSet<>();
        Objects.requireNonNullElse(roles, List.<Role>of()).forEach(r -> names.add(r.name()));
        return names;
    }

    /** Every ${NAME} in the realm's strings. */
    private static Set<String> placeholdersIn(JsonNode node, Set<String> names) {
        if (node.isTextual()) {
            Matcher matcher = REALM_PLACEHOLDER.matcher(node.textValue());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        node.forEach(child -> placeholdersIn(child, names));
        return names;
    }

    /**
     * The cluster realm (shared/CONTRACT.md, "Identity and access"): the contract's roles; only the clients gateway
     * and booking-fn, and admin-cli with every flow off; no client that takes a password; no users but booking-fn's
     * service account, holding stock-reserver; default password hashing; client secrets only from Secrets.
     */
    private void realm() {
        List<Manifest> found = manifests.manifestsOf(KeycloakRealmImport.class);
        if (found.size() != 1) {
            problem("expected one KeycloakRealmImport (the cluster realm %s), found %d", Project.REALM, found.size());
            return;
        }
        Manifest m = found.get(0);
        String w = m.where();
        KeycloakRealmImport.Spec spec = ((KeycloakRealmImport) m.model()).spec();
        if (spec == null || spec.realm() == null) {
            problem("%s: spec.realm is missing", w);
            return;
        }
        List<Manifest> keycloaks = manifests.manifestsOf(Keycloak.class);
        if (keycloaks.size() == 1 && !keycloaks.get(0).name().equals(spec.keycloakCRName())) {
            problem("%s: keycloakCRName is %s, but the Keycloak is %s", w, spec.keycloakCRName(),
                    keycloaks.get(0).name());
        }
        KeycloakRealmImport.Realm realm = spec.realm();
        if (!Project.REALM.equals(realm.realm())) {
            problem("%s: the realm is %s, not %s (the functions' issuer names %s)", w, realm.realm(), Project.REALM,
                    Project.REALM);
        }
        if (!Boolean.TRUE.equals(realm.enabled())) {
            problem("%s: the realm must be enabled", w);
        }
        if (!Set.of("external", "all").contains(Objects.requireNonNullElse(realm.sslRequired(), ""))) {
            problem("%s: sslRequired must be external or all, is %s", w, realm.sslRequired());
        }
        String policy = Objects.requireNonNullElse(realm.passwordPolicy(), "");
        if (policy.contains("hashIterations") || policy.contains("hashAlgorithm")) {
            problem("%s: passwordPolicy %s changes Keycloak's password hashing; the cluster realm keeps the default",
                    w, policy);
        }

        // Roles: the contract's, and every role of the local realm the tests run against.
        Map<String, Set<String>> local = project.localRealmRoles();
        Set<String> expectedRealmRoles = new TreeSet<>(Project.REALM_ROLES);
        expectedRealmRoles.addAll(local.getOrDefault("realm", Set.of()));
        Set<String> realmRoles = roleNames(realm.roles() == null ? null : realm.roles().realm());
        if (!realmRoles.equals(expectedRealmRoles)) {
            problem("%s: realm roles %s, expected %s (shared/CONTRACT.md and %s)", w, realmRoles, expectedRealmRoles,
                    Project.LOCAL_REALM);
        }
        Map<String, Set<String>> expectedClientRoles = new TreeMap<>();
        local.forEach((owner, roles) -> {
            if (!owner.equals("realm")) {
                expectedClientRoles.put(owner, new TreeSet<>(roles));
            }
        });
        expectedClientRoles.computeIfAbsent(Project.STOCK_RESERVER_CLIENT, c -> new TreeSet<>())
                .add(Project.STOCK_RESERVER_ROLE);
        Map<String, Set<String>> clientRoles = new TreeMap<>();
        if (realm.roles() != null && realm.roles().client() != null) {
            realm.roles().client().forEach((client, roles) -> clientRoles.put(client, roleNames(roles)));
        }
        if (!clientRoles.equals(expectedClientRoles)) {
            problem("%s: client roles %s, expected %s", w, clientRoles, expectedClientRoles);
        }

        // Clients.
        Map<String, Client> clients = new TreeMap<>();
        for (Client client : Objects.requireNonNullElse(realm.clients(), List.<Client>of())) {
            if (clients.put(client.clientId(), client) != null) {
                problem("%s: client %s is declared twice", w, client.clientId());
            }
        }
        for (String id : new TreeSet<>(REALM_CLIENTS)) {
            if (!clients.containsKey(id)) {
                problem(id.equals("admin-cli")
                        ? "%s: no client %s: Keycloak would create it, public and with direct access grants; declare it "
                                + "with every flow off"
                        : "%s: no client %s", w, id);
            }
        }
        Map<String, Placeholder> placeholders = Objects.requireNonNullElse(spec.placeholders(), Map.of());
        for (Client client : clients.values()) {
            String id = client.clientId();
            if (!REALM_CLIENTS.contains(id)) {
                problem("%s: unexpected client %s (the cluster realm has only %s; anticorona-cli and event-delivery "
                        + "are local only)", w, id, new TreeSet<>(REALM_CLIENTS));
            }
            if (!Boolean.FALSE.equals(client.directAccessGrantsEnabled())) {
                problem("%s: client %s must say directAccessGrantsEnabled: false, is %s: no client of the cluster "
                        + "realm takes a user's password", w, id, client.directAccessGrantsEnabled());
            }
            if (Boolean.TRUE.equals(client.implicitFlowEnabled())) {
                problem("%s: client %s enables the implicit flow", w, id);
            }
            if (Boolean.TRUE.equals(client.publicClient())) {
                if (!Boolean.FALSE.equals(client.standardFlowEnabled())
                        || Boolean.TRUE.equals(client.serviceAccountsEnabled())) {
                    problem("%s: public client %s can obtain tokens (standardFlowEnabled must be false, no service "
                            + "account): every client that logs in is confidential", w, id);
                }
                continue;
            }
            Matcher secret = client.secret() == null ? null : REALM_PLACEHOLDER.matcher(client.secret());
            if (secret == null || !secret.matches()) {
                problem("%s: client %s's secret must be a ${NAME} placeholder bound to a Secret in spec.placeholders, "
                        + "never written here (and not left out: Keycloak would generate one nobody knows)", w, id);
                continue;
            }
            Placeholder bound = placeholders.get(secret.group(1));
            String env = CLIENT_SECRET_ENV.get(id);
            if (bound != null && bound.secret() != null && env != null) {
                Optional<Container> c = container(id);
                Optional<SecretKeySelector> read = c.flatMap(cn -> secretRef(cn, env));
                if (c.isPresent() && (read.isEmpty() || !Objects.equals(read.get().getName(), bound.secret().getName())
                        || !Objects.equals(read.get().getKey(), bound.secret().getKey()))) {
                    problem("%s: %s must come from Secret %s key %s, which the realm import makes client %s's "
                            + "secret; it comes from %s", id, env, bound.secret().getName(), bound.secret().getKey(), id,
                            read.map(r -> "Secret " + r.getName() + " key " + r.getKey()).orElse("no Secret"));
                }
            }
        }
        Client booking = clients.get(Project.STOCK_RESERVER_CLIENT);
        if (booking != null && (!Boolean.TRUE.equals(booking.serviceAccountsEnabled())
                || !Boolean.FALSE.equals(booking.standardFlowEnabled()) || Boolean.TRUE.equals(booking.publicClient()))) {
            problem("%s: client booking-fn must be confidential with a service account and no standard flow", w);
        }
        Client gateway = clients.get(Project.GATEWAY);
        if (gateway != null) {
            gatewayClient(w, gateway);
        }

        // Placeholders: each one used is bound to a Secret's key that exists here, and each one bound is used.
        Set<String> used = placeholdersIn(m.tree().path("spec").path("realm"), new TreeSet<>());
        for (String name : used) {
            if (!placeholders.containsKey(name)) {
                problem("%s: ${%s} is not bound in spec.placeholders; Keycloak would keep it as it is", w, name);
            }
        }
        new TreeMap<>(placeholders).forEach((name, placeholder) -> {
            SecretKeySelector ref = placeholder == null ? null : placeholder.secret();
            if (ref == null || ref.getName() == null || ref.getKey() == null) {
                problem("%s: placeholder %s names no Secret key", w, name);
            } else if (secretValue(ref).isEmpty()) {
                problem("%s: placeholder %s reads key %s of Secret %s, which is not defined", w, name, ref.getKey(),
                        ref.getName());
            }
            if (!used.contains(name)) {
                problem("%s: placeholder %s is bound but never used in the realm", w, name);
            }
        });

        // Users: none, but the service accounts, which a realm representation gives their roles through.
        boolean reserverAssigned = false;
        for (User user : Objects.requireNonNullElse(realm.users(), List.<User>of())) {
            String owner = user.serviceAccountClientId();
            if (owner == null) {
                problem("%s: the cluster realm must have no users (an administrator creates them, deploy/README.md), "
                        + "but it imports %s", w, user.username());
                continue;
            }
            Client client = clients.get(owner);
            if (client == null || !Boolean.TRUE.equals(client.serviceAccountsEnabled())) {
                problem("%s: user %s is the service account of %s, which is no client with a service account", w,
                        user.username(), owner);
            }
            if (!("service-account-" + owner).equals(user.username())) {
                problem("%s: the service account of %s must be named service-account-%s, is %s", w, owner, owner,
                        user.username());
            }
            if (user.credentials() != null && !user.credentials().isEmpty() || user.email() != null
                    || user.realmRoles() != null && !user.realmRoles().isEmpty()) {
                problem("%s: the service account %s must have no credentials, email or realm roles", w, user.username());
            }
            boolean reserver = user.clientRoles() != null && user.clientRoles()
                    .getOrDefault(Project.STOCK_RESERVER_CLIENT, List.of()).contains(Project.STOCK_RESERVER_ROLE);
            if (reserver && !owner.equals(Project.STOCK_RESERVER_CLIENT)) {
                problem("%s: only booking-fn's service account may hold %s, not %s", w, Project.STOCK_RESERVER_ROLE,
                        user.username());
            }
            reserverAssigned |= reserver && owner.equals(Project.STOCK_RESERVER_CLIENT);
        }
        if (!reserverAssigned) {
            problem("%s: booking-fn's service account is not given the client role %s (users: service-account-%s "
                    + "with serviceAccountClientId and clientRoles)", w, Project.STOCK_RESERVER_ROLE,
                    Project.STOCK_RESERVER_CLIENT);
        }
    }

    /** The browser login: confidential, standard flow with PKCE S256, redirects only to the public domain. */
    private void gatewayClient(String w, Client gateway) {
        if (!Boolean.TRUE.equals(gateway.standardFlowEnabled()) || Boolean.TRUE.equals(gateway.serviceAccountsEnabled())) {
            problem("%s: client gateway must use the standard flow (browser login) and have no service account", w);
        }
        Map<String, String> attributes = Objects.requireNonNullElse(gateway.attributes(), Map.of());
        if (!"S256".equals(attributes.get("pkce.code.challenge.method"))) {
            problem("%s: client gateway must require PKCE S256 (attributes.pkce.code.challenge.method), has %s", w,
                    attributes.get("pkce.code.challenge.method"));
        }
        Set<String> domains = new TreeSet<>();
        manifests.manifestsOf(DomainMapping.class).forEach(d -> domains.add(d.name()));
        List<String> uris = new ArrayList<>(Objects.requireNonNullElse(gateway.redirectUris(), List.<String>of()));
        if (uris.isEmpty()) {
            problem("%s: client gateway has no redirectUris", w);
        }
        String postLogout = attributes.get("post.logout.redirect.uris");
        if (postLogout != null) {
            uris.addAll(List.of(postLogout.split("##")));
        }
        for (String uri : uris) {
            if (domains.stream().noneMatch(d -> uri.equals("https://" + d) || uri.startsWith("https://" + d + "/"))) {
                problem("%s: client gateway redirects to %s, which is not on the public domain (https://%s/)", w, uri,
                        domains);
            }
        }
    }

    /** Every function and the gateway trust the realm's issuer: Keycloak's public URL + /realms/anticorona. */
    private void tokens() {
        String keycloak = keycloakUrl();
        if (keycloak == null) {
            return;
        }
        String issuer = keycloak + "/realms/" + Project.REALM;
        Set<String> components = new TreeSet<>(Project.FUNCTIONS);
        components.add(Project.GATEWAY);
        for (String name : components) {
            container(name).map(this::effectiveEnv).ifPresent(env -> {
                List<String> keys = new ArrayList<>(List.of("QUARKUS_OIDC_AUTH_SERVER_URL"));
                if (CLIENT_SECRET_ENV.get(name) != null && CLIENT_SECRET_ENV.get(name).startsWith("QUARKUS_OIDC_CLIENT_")) {
                    keys.add("QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL");
                }
                for (String key : keys) {
                    if (!issuer.equals(env.get(key))) {
                        problem("%s: %s is %s, but Keycloak issues its tokens as %s (hostname.hostname + /realms/%s)",
                                name, key, env.get(key), issuer, Project.REALM);
                    }
                }
                if (issuer.equals(env.get(EVENTING_ISSUER))) {
                    problem("%s: %s is the realm; POST /events trusts the cluster's service-account issuer", name,
                            EVENTING_ISSUER);
                }
            });
        }
    }
}
