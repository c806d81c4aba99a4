package io.anticorona.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

import io.anticorona.deploy.cnpg.CnpgCluster;
import io.anticorona.deploy.keycloak.Keycloak;
import io.anticorona.deploy.keycloak.KeycloakRealmImport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.internal.networking.v1alpha1.ClusterDomainClaim;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1beta1.DomainMapping;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/** Reads the YAML manifests, every document into the model of its apiVersion and kind, strictly. */
final class Manifests {

    /** apiVersion/kind to its model: a manifest of any other kind has no schema here and fails. */
    static final Map<String, Class<?>> MODELS = new LinkedHashMap<>();
    static {
        MODELS.put("v1/Namespace", Namespace.class);
        MODELS.put("v1/ConfigMap", ConfigMap.class);
        MODELS.put("v1/Secret", Secret.class);
        MODELS.put("v1/ServiceAccount", ServiceAccount.class);
        MODELS.put("v1/PersistentVolumeClaim", PersistentVolumeClaim.class);
        MODELS.put("serving.knative.dev/v1/Service", Service.class);
        MODELS.put("serving.knative.dev/v1beta1/DomainMapping", DomainMapping.class);
        MODELS.put("networking.internal.knative.dev/v1alpha1/ClusterDomainClaim", ClusterDomainClaim.class);
        MODELS.put("sources.knative.dev/v1beta1/KafkaSource", KafkaSource.class);
        MODELS.put("sources.knative.dev/v1/PingSource", PingSource.class);
        MODELS.put("eventing.knative.dev/v1alpha1/KafkaSink", KafkaSink.class);
        MODELS.put("kafka.strimzi.io/v1/Kafka", Kafka.class);
        MODELS.put("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class);
        MODELS.put("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class);
        MODELS.put("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class);
        MODELS.put("k8s.keycloak.org/v2alpha1/Keycloak", Keycloak.class);
        MODELS.put("k8s.keycloak.org/v2alpha1/KeycloakRealmImport", KeycloakRealmImport.class);
        MODELS.put("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class);
        MODELS.put("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);
        MODELS.put("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);
    }

    /** One YAML document: where it is, what it is, and its model. */
    record Manifest(String file, int document, String apiVersion, String kind, String name, String namespace,
            Object model, JsonNode tree) {

        String where() {
            return file + " #" + document + " " + kind + "/" + name;
        }
    }

    /** A manifest that does not fit its schema. */
    static final class InvalidManifestException extends RuntimeException {
        InvalidManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final List<Manifest> all;

    private Manifests(List<Manifest> all) {
        this.all = List.copyOf(all);
    }

    /** Every *.yaml and *.yml file directly in each folder, by relative name. */
    static Map<String, String> readFolders(Path root, String... folders) {
        Map<String, String> files = new TreeMap<>();
        for (String folder : folders) {
            try (Stream<Path> paths = Files.list(root.resolve(folder))) {
                for (Path path : paths.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().toList()) {
                    files.put(folder + "/" + path.getFileName(), Files.readString(path, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static Manifests parse(Map<String, String> files) {
        List<Manifest> all = new ArrayList<>();
        files.forEach((file, content) -> all.addAll(parse(file, content)));
        return new Manifests(all);
    }

    static List<Manifest> parse(String file, String content) {
        List<Manifest> manifests = new ArrayList<>();
        int document = 0;
        try (MappingIterator<JsonNode> documents = StrictYaml.MAPPER.readerFor(JsonNode.class).readValues(content)) {
            while (documents.hasNextValue()) {
                JsonNode tree = documents.nextValue();
                document++;
                if (tree == null || tree.isNull() || tree.isMissingNode()) {
                    continue;
                }
                manifests.add(toManifest(file, document, tree));
            }
        } catch (IOException e) {
            throw new InvalidManifestException(file + " #" + (document + 1) + ": not valid YAML: " + message(e), e);
        }
        return manifests;
    }

    private static Manifest toManifest(String file, int document, JsonNode tree) {
        String where = file + " #" + document;
        if (!tree.isObject()) {
            throw new InvalidManifestException(where + ": a manifest must be a mapping", null);
        }
        String apiVersion = tree.path("apiVersion").asText("");
        String kind = tree.path("kind").asText("");
        String name = tree.path("metadata").path("name").asText("");
        Class<?> type = MODELS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new InvalidManifestException(where + ": no schema for apiVersion '" + apiVersion + "', kind '" + kind
                    + "' (known: " + MODELS.keySet() + ")", null);
        }
        if (name.isEmpty()) {
            throw new InvalidManifestException(where + " " + kind + ": metadata.name is missing", null);
        }
        Object model;
        try {
            model = StrictYaml.MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(where + " " + kind + "/" + name + " does not fit its schema ("
                    + type.getName() + "): " + message(e), e);
        }
        // Some models read an unknown enum value as null instead of failing (Strimzi's, for one): what the model
        // holds must say everything the manifest said, or the schema did not accept it.
        String lost = firstLoss(tree, StrictYaml.MAPPER.valueToTree(model), "");
        if (lost != null) {
            throw new InvalidManifestException(where + " " + kind + "/" + name + " does not fit its schema ("
                    + type.getName() + "): " + lost, null);
        }
        String namespace = tree.path("metadata").path("namespace").asText(null);
        return new Manifest(file, document, apiVersion, kind, name, namespace, model, tree);
    }

    /** The first value of {@code read} that {@code held} (the model written back) lost or changed, or null. */
    static String firstLoss(JsonNode read, JsonNode held, String path) {
        if (read == null || read.isNull()) {
            return null;
        }
        String at = path.isEmpty() ? "(root)" : path;
        if (held == null || held.isNull() || held.isMissingNode()) {
            // A model may leave out a value equal to its default (Strimzi does, for false and 0).
            boolean isDefault = read.isBoolean() && !read.booleanValue() || read.isNumber() && read.doubleValue() == 0
                    || read.isContainerNode() && read.isEmpty();
            return isDefault ? null : "at " + at + ": the value " + read + " is not accepted";
        }
        if (read.isObject()) {
            if (!held.isObject()) {
                return "at " + at + ": " + read + " was read as " + held;
            }
            for (var fields = read.fields(); fields.hasNext();) {
                var field = fields.next();
                String lost = firstLoss(field.getValue(), held.get(field.getKey()),
                        path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (lost != null) {
                    return lost;
                }
            }
            return null;
        }
        if (read.isArray()) {
            if (!held.isArray() || held.size() != read.size()) {
                return "at " + at + ": " + read + " was read as " + held;
            }
            for (int i = 0; i < read.size(); i++) {
                String lost = firstLoss(read.get(i), held.get(i), path + "[" + i + "]");
                if (lost != null) {
                    return lost;
                }
            }
            return null;
        }
        boolean same = read.isNumber() && held.isNumber() ? read.decimalValue().compareTo(held.decimalValue()) == 0
                : read.asText().equals(held.asText());
        return same ? null : "at " + at + ": the value " + read + " is not accepted (read as " + held + ")";
    }

    private static String message(IOException e) {
        if (e instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            return "at " + (path.isEmpty() ? "(root)" : path) + ": " + mapping.getOriginalMessage();
        }
        return e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.toString();
    }

    List<Manifest> all() {
        return all;
    }

    <T> List<T> all(Class<T> type) {
        return all.stream().filter(m -> type.isInstance(m.model())).map(m -> type.cast(m.model())).toList();
    }

    List<Manifest> manifestsOf(Class<?> type) {
        return all.stream().filter(m -> type.isInstance(m.model())).toList();
    }

    <T> Optional<T> named(Class<T> type, String name) {
        return all.stream().filter(m -> type.isInstance(m.model()) && m.name().equals(name))
                .map(m -> type.cast(m.model())).findFirst();
    }

    List<Manifest> inFile(String file) {
        return all.stream().filter(m -> m.file().equals(file)).toList();
    }
}
