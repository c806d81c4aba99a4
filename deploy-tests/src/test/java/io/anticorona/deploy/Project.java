package io.anticorona.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The project's own configuration, which the manifests must agree with: each module's application.properties. */
final class Project {

    static final String NAMESPACE = "anticorona";
    static final Set<String> FUNCTIONS = Set.of("vaccine-fn", "booking-fn", "injection-fn", "mypage-fn");
    static final String GATEWAY = "gateway";
    /** What Agroal gives a datasource with no quarkus.datasource.jdbc.max-size. */
    static final int AGROAL_DEFAULT_MAX_SIZE = 20;
    /** The realm, its roles and booking-fn's client role (shared/CONTRACT.md, "Identity and access"). */
    static final String REALM = "anticorona";
    static final Set<String> REALM_ROLES = Set.of("customer", "booking-agent", "vaccine-admin", "injection-admin");
    static final String STOCK_RESERVER_CLIENT = "booking-fn";
    static final String STOCK_RESERVER_ROLE = "stock-reserver";
    /** The local realm (devstack, make run and the tests), whose roles the cluster realm must have too. */
    static final String LOCAL_REALM = "devstack/src/main/resources/keycloak/anticorona-realm.json";

    final Path root;
    private final Map<String, Properties> properties = new LinkedHashMap<>();

    Project(Path root) {
        this.root = root;
    }

    static Project fromSystemProperty() {
        String root = System.getProperty("anticorona.project.root");
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("anticorona.project.root is not set (surefire sets it to the project root)");
        }
        return new Project(Path.of(root));
    }

    Properties properties(String module) {
        return properties.computeIfAbsent(module, m -> {
            Path file = root.resolve(m).resolve("src/main/resources/application.properties");
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return props;
        });
    }

    /**
     * The JVM options a module runs with: jvm.options at the root, then the module's own jvm.options, whose options
     * replace those of the same name (a later -Xmx wins).
     */
    List<String> jvmOptions(String module) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Path file : List.of(root.resolve("jvm.options"), root.resolve(module).resolve("jvm.options"))) {
            if (Files.isRegularFile(file)) {
                readLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .forEach(option -> byName.put(optionName(option), option));
            }
        }
        return List.copyOf(byName.values());
    }

    /** -XX:+UseSerialGC and -XX:-UseSerialGC are both UseSerialGC; -Xmx64m is -Xmx. */
    static String optionName(String option) {
        if (option.startsWith("-XX:")) {
            return option.substring(4).replaceFirst("^[+-]", "").split("=", 2)[0];
        }
        return option.startsWith("-X") && option.length() > 4 ? option.substring(0, 4) : option;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A property as the knative profile sees it in application.properties: %knative. first, then the plain one. */
    Optional<String> knativeProperty(String module, String name) {
        Properties props = properties(module);
        String value = props.getProperty("%knative." + name, props.getProperty(name));
        return Optional.ofNullable(value).map(String::trim);
    }

    /** Topics the module consumes locally (mp.messaging.incoming.*), which its KafkaSource must cover in the cluster. */
    Set<String> consumedTopics(String module) {
        Properties props = properties(module);
        Set<String> topics = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".connector")
                    && "smallrye-kafka".equals(props.getProperty(key).trim())) {
                String channel = key.substring("mp.messaging.incoming.".length(), key.length() - ".connector".length());
                topics.add(props.getProperty("mp.messaging.incoming." + channel + ".topic", channel).trim());
            }
        }
        return topics;
    }

    /** The topic the module's outbox relay produces to, if it has one. */
    Optional<String> producedTopic(String module) {
        Properties props = properties(module);
        if ("false".equals(props.getProperty("mp.messaging.outgoing.outbox.enabled", "true").trim())) {
            return Optional.empty();
        }
        return Optional.ofNullable(props.getProperty("mp.messaging.outgoing.outbox.topic")).map(String::trim);
    }

    /**
     * The jobs a function runs when a PingSource names them (POST /events, {"job": "<name>"}): the names in
     * {@code @Scheduled(identity = "<name>", ...)} of its classes that implement ScheduledJobs (fn-common's
     * ScheduledJobs says to name each job there), and fn-common's outbox relay's if the function has an outbox.
     */
    Set<String> scheduledJobs(String module) {
        Set<String> jobs = new TreeSet<>(jobsIn(root.resolve(module).resolve("src/main/java")));
        if (producedTopic(module).isPresent()) {
            jobs.addAll(jobsIn(root.resolve("fn-common/src/main/java/io/anticorona/common/outbox")));
        }
        return jobs;
    }

    private static final Pattern SCHEDULED_IDENTITY = Pattern.compile("@Scheduled\\(\\s*identity\\s*=\\s*\"([^\"]+)\"");

    private static Set<String> jobsIn(Path sources) {
        Set<String> jobs = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                if (source.contains("implements ScheduledJobs")) {
                    Matcher identity = SCHEDULED_IDENTITY.matcher(source);
                    while (identity.find()) {
                        jobs.add(identity.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jobs;
    }

    /** The gateway's route table: path prefix to service name (gateway.routes."/prefix"=service). */
    Map<String, String> gatewayRoutes() {
        Properties props = properties(GATEWAY);
        Map<String, String> routes = new LinkedHashMap<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            if (key.startsWith("gateway.routes.")) {
                routes.put(unquote(key.substring("gateway.routes.".length())), props.getProperty(key).trim());
            }
        }
        return routes;
    }

    /** The service names the gateway's application.properties gives a URL for (gateway.services.name=url). */
    Set<String> gatewayServiceNames() {
        Set<String> names = new TreeSet<>();
        for (String key : properties(GATEWAY).stringPropertyNames()) {
            if (key.startsWith("gateway.services.")) {
                names.add(unquote(key.substring("gateway.services.".length())));
            }
        }
        return names;
    }

    private static String unquote(String key) {
        return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
    }

    /** The local realm's roles: "realm" for the realm roles, and each clientId for that client's roles. */
    Map<String, Set<String>> localRealmRoles() {
        JsonNode roles;
        try {
            roles = new ObjectMapper().readTree(root.resolve(LOCAL_REALM).toFile()).path("roles");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<String>> byOwner = new LinkedHashMap<>();
        byOwner.put("realm", names(roles.path("realm")));
        roles.path("client").fields().forEachRemaining(client -> byOwner.put(client.getKey(), names(client.getValue())));
        return byOwner;
    }

    private static Set<String> names(JsonNode roles) {
        Set<String> names = new TreeSet<>();
        roles.forEach(role -> names.add(role.path("name").asText()));
        return names;
    }

    /** The environment variable SmallRye maps to a property name: non-alphanumerics to _, upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }
}
