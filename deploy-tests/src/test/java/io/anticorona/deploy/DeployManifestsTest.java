package io.anticorona.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Every YAML file in deploy/ and deploy/generated/, offline: each document fits the schema of its kind, and together
 * they agree with each other and with the project's configuration ({@link DeployChecks}). No cluster, no network.
 */
class DeployManifestsTest {

    private static final Project PROJECT = Project.fromSystemProperty();
    private static final List<String> GENERATED = List.of("vaccine-fn", "booking-fn", "injection-fn", "mypage-fn",
            "gateway");

    static Map<String, String> files() {
        return Manifests.readFolders(PROJECT.root, "deploy", "deploy/generated");
    }

    @Test
    void everyManifestFitsTheSchemaOfItsKind() {
        Map<String, String> files = files();
        List<String> failures = new ArrayList<>();
        int documents = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            try {
                documents += Manifests.parse(file.getKey(), file.getValue()).size();
            } catch (Manifests.InvalidManifestException e) {
                failures.add(e.getMessage());
            }
        }
        assertEquals(List.of(), failures, () -> "manifests that do not fit their schema:\n" + String.join("\n", failures));
        for (String module : GENERATED) {
            assertTrue(files.containsKey("deploy/generated/" + module + ".yml"),
                    "deploy/generated/" + module + ".yml is missing: run make manifests");
        }
        System.out.printf("DEPLOY: %d files, %d manifests, all fit their schemas%n", files.size(), documents);
    }

    @Test
    void manifestsAgreeWithEachOtherAndWithTheConfiguration() {
        List<String> problems = DeployChecks.run(Manifests.parse(files()), PROJECT);
        assertEquals(List.of(), problems, () -> "deploy/ is inconsistent:\n- " + String.join("\n- ", problems));
    }

    /** The committed deploy/generated/ files are what a build of the current sources generates. */
    @Test
    void generatedManifestsMatchAFreshBuild() throws IOException {
        List<String> stale = new ArrayList<>();
        for (String module : GENERATED) {
            Path built = PROJECT.root.resolve(module).resolve("target/kubernetes/knative.yml");
            if (!Files.exists(built)) {
                fail(built + " does not exist: package " + module + " first (mvn package; make test does)");
            }
            Path committed = PROJECT.root.resolve("deploy/generated/" + module + ".yml");
            if (!normalized(built).equals(normalized(committed))) {
                stale.add(module);
            }
        }
        assertEquals(List.of(), stale, "deploy/generated/ is stale for " + stale
                + ": the properties changed since the last 'make manifests'; run it and commit deploy/generated/");
    }

    /** The registry maps each apiVersion/kind to a model that declares that same apiVersion and kind. */
    @Test
    void eachSchemaIsTheOneOfItsApiVersionAndKind() {
        Set<String> mismatches = new TreeSet<>();
        Manifests.MODELS.forEach((key, type) -> {
            if (HasMetadata.class.isAssignableFrom(type)) {
                @SuppressWarnings("unchecked")
                Class<? extends HasMetadata> model = (Class<? extends HasMetadata>) type;
                String declared = HasMetadata.getApiVersion(model) + "/" + HasMetadata.getKind(model);
                if (!declared.equals(key)) {
                    mismatches.add(key + " is read with " + type.getName() + ", which is " + declared);
                }
            }
        });
        assertEquals(Set.of(), mismatches);
    }

    private static List<JsonNode> normalized(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = StrictYaml.MAPPER.readerFor(JsonNode.class)
                .readValues(Files.readString(file, StandardCharsets.UTF_8))) {
            while (values.hasNextValue()) {
                JsonNode node = (JsonNode) values.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(sortEnv(node));
                }
            }
        }
        return documents;
    }

    /** quarkus-kubernetes does not promise an order for env entries; compare them by name. */
    private static JsonNode sortEnv(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (var names = object.fieldNames(); names.hasNext();) {
                String name = names.next();
                JsonNode child = object.get(name);
                sortEnv(child);
                if (name.equals("env") && child instanceof ArrayNode array) {
                    List<JsonNode> sorted = new ArrayList<>();
                    array.forEach(sorted::add);
                    sorted.sort(Comparator.comparing(n -> n.path("name").asText()));
                    array.removeAll();
                    sorted.forEach(array::add);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(DeployManifestsTest::sortEnv);
        }
        return node;
    }
}
