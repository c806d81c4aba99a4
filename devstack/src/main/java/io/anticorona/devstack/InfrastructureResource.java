package io.anticorona.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusTest}: a real PostgreSQL and a real Kafka broker on free ports, the test run's Keycloak
 * ({@link TestKeycloak}), and the function's configuration pointing at them. Use {@code @WithTestResource(value = InfrastructureResource.class,
 * initArgs = @ResourceArg(name = "database", value = "vaccine"))}.
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private static LocalPostgres postgres;
    private static LocalKafka kafka;
    private static LocalKeycloak keycloak;
    private static boolean ownsKeycloak;
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        try {
            postgres = LocalPostgres.start(freePort(), null);
            postgres.createDatabases(database);
            kafka = LocalKafka.start(freePort(), freePort(), Files.createTempDirectory("kafka-test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keycloak = TestKeycloak.handle(TestKeycloak.projectRoot());
        ownsKeycloak = keycloak.startUnlessServing();
        Tokens.useRealm(keycloak.realmUrl());
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", LocalPostgres.USER,
                "quarkus.datasource.password", LocalPostgres.PASSWORD,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url", keycloak.realmUrl(),
                "quarkus.oidc-client.auth-server-url", keycloak.realmUrl());
    }

    /** The broker of the running test, for tests that stop and restart it. */
    public static LocalKafka kafka() {
        return kafka;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (ownsKeycloak) {
            keycloak.stop();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
