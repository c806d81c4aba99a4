package io.anticorona.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole system on one machine: PostgreSQL, Kafka, and each function as its own process. Used by {@code make run}
 * and by the system tests, so both run the functions exactly as they are packaged.
 */
public final class Stack implements AutoCloseable {

    public static final int POSTGRES_PORT = 15432;
    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    public static final int KEYCLOAK_PORT = 8180;
    public static final int SMTP_PORT = LocalMail.SMTP_PORT;
    public static final int IMAP_PORT = LocalMail.IMAP_PORT;
    /** The gateway's management interface (its /q/health and /q/metrics), as in its application.properties. */
    public static final int GATEWAY_MANAGEMENT_PORT = 9000;

    private final Path projectRoot;
    private final Path logDirectory;
    private final int portOffset;
    private final LocalPostgres postgres;
    private final LocalKafka kafka;
    private final LocalKeycloak keycloak;
    private final boolean ownsKeycloak;
    private final LocalMail mail;
    private final Map<Function, FunctionProcess> functions = new EnumMap<>(Function.class);

    private Stack(Path projectRoot, Path logDirectory, int portOffset, LocalPostgres postgres, LocalKafka kafka,
            LocalKeycloak keycloak, boolean ownsKeycloak, LocalMail mail) {
        this.projectRoot = projectRoot;
        this.logDirectory = logDirectory;
        this.portOffset = portOffset;
        this.postgres = postgres;
        this.kafka = kafka;
        this.keycloak = keycloak;
        this.ownsKeycloak = ownsKeycloak;
        this.mail = mail;
    }

    /**
     * Starts PostgreSQL, Kafka, Keycloak and the mail server (SMTP and IMAP). With a data directory the first three
     * keep their data across restarts; mail is kept in memory only. Every
     * port is the contract's port plus {@code portOffset}, so that tests can run beside {@code make run}. Without a
     * data directory (the tests), the test run's Keycloak ({@link TestKeycloak}, whatever the offset) is reused, or
     * started if none serves.
     */
    public static Stack startInfrastructure(Path projectRoot, Path dataDirectory, Path logDirectory, int portOffset) {
        return startInfrastructure(projectRoot, dataDirectory, logDirectory, portOffset, dataDirectory == null);
    }

    /** As above; with {@code testKeycloak} the test run's Keycloak is used even with a data directory. */
    public static Stack startInfrastructure(Path projectRoot, Path dataDirectory, Path logDirectory, int portOffset,
            boolean testKeycloak) {
        LocalPostgres postgres = LocalPostgres.start(POSTGRES_PORT + portOffset,
                dataDirectory == null ? null : dataDirectory.resolve("postgres"));
        postgres.createDatabases(Function.databases().toArray(String[]::new));
        Path kafkaLog = dataDirectory == null ? tempDirectory() : dataDirectory.resolve("kafka");
        LocalKafka kafka = LocalKafka.start(KAFKA_PORT + portOffset, KAFKA_CONTROLLER_PORT + portOffset, kafkaLog);
        // The tests share the test run's Keycloak whatever their offset; make run keeps its own data.
        LocalKeycloak keycloak = testKeycloak ? TestKeycloak.handle(projectRoot)
                : LocalKeycloak.reuse(projectRoot, KEYCLOAK_PORT + portOffset, dataDirectory.resolve("keycloak"),
                        logDirectory.resolve("keycloak.log"));
        boolean owns = keycloak.startUnlessServing();
        Tokens.useRealm(keycloak.realmUrl());
        LocalMail mail = LocalMail.start(SMTP_PORT + portOffset, IMAP_PORT + portOffset);
        return new Stack(projectRoot, logDirectory, portOffset, postgres, kafka, keycloak, owns, mail);
    }

    public int port(Function function) {
        return function.port() + portOffset;
    }

    public String url(Function function) {
        return "http://localhost:" + port(function);
    }

    /**
     * Where a component's {@code /q/} endpoints (health, metrics) are: its own port, except for the gateway, whose are
     * on Quarkus' management interface (nothing under /q/ is on the public port), at {@link #GATEWAY_MANAGEMENT_PORT}
     * plus the offset.
     */
    public String managementUrl(Function function) {
        return function == Function.GATEWAY ? "http://localhost:" + (GATEWAY_MANAGEMENT_PORT + portOffset) : url(function);
    }

    public FunctionProcess start(Function function, Map<String, String> extraProperties) {
        Map<String, String> properties = new LinkedHashMap<>(connectionProperties(function));
        properties.putAll(extraProperties);
        FunctionProcess process = new FunctionProcess(function, port(function), managementUrl(function), projectRoot,
                properties, logDirectory.resolve(function.module() + ".log"));
        functions.put(function, process);
        return process.start();
    }

    public FunctionProcess startAndAwait(Function function) {
        return start(function, Map.of()).awaitReady(Duration.ofSeconds(90));
    }

    public FunctionProcess function(Function function) {
        return functions.get(function);
    }

    public Map<Function, FunctionProcess> functions() {
        return functions;
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalKeycloak keycloak() {
        return keycloak;
    }

    public LocalMail mail() {
        return mail;
    }

    /** What a function needs to reach the rest of the system on this machine. */
    public Map<String, String> connectionProperties(Function function) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.port", String.valueOf(port(function)));
        properties.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
        if (function == Function.GATEWAY) {
            properties.put("quarkus.management.port", String.valueOf(GATEWAY_MANAGEMENT_PORT + portOffset));
            for (Function service : Function.values()) {
                properties.put("gateway.services." + service.module(), url(service));
            }
            return properties;
        }
        properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(function.database()));
        properties.put("quarkus.datasource.username", LocalPostgres.USER);
        properties.put("quarkus.datasource.password", LocalPostgres.PASSWORD);
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("quarkus.rest-client.vaccine-fn.url", url(Function.VACCINE));
        properties.put("quarkus.oidc-client.auth-server-url", keycloak.realmUrl());
        if (function == Function.MYPAGE) {
            properties.putAll(mailProperties(mail, keycloak));
        }
        return properties;
    }

    /** mypage-fn's notification mails: the SMTP server to send to, and the Keycloak admin API for each address. */
    public static Map<String, String> mailProperties(LocalMail mail, LocalKeycloak keycloak) {
        return Map.of("quarkus.mailer.host", "localhost",
                "quarkus.mailer.port", String.valueOf(mail.smtpPort()),
                "quarkus.rest-client.keycloak-admin.url", keycloak.url() + "/admin/realms/" + LocalKeycloak.REALM);
    }

    /**
     * In order: the functions first, each to a clean exit while Kafka and PostgreSQL still serve it; then the mail
     * server, Kafka, PostgreSQL and (if this stack started it) Keycloak.
     */
    @Override
    public void close() {
        stopFunctions();
        mail.stop();
        kafka.close();
        postgres.close();
        if (ownsKeycloak) {
            keycloak.stop();
        }
    }

    /** Every function at once (SIGTERM to all, then each awaited), so that stopping takes as long as the slowest. */
    public void stopFunctions() {
        functions.values().forEach(FunctionProcess::terminate);
        functions.values().forEach(FunctionProcess::stop);
    }

    private static Path tempDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("anticorona-kafka");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
