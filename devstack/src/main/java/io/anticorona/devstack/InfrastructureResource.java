package io.anticorona.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusTest}: a real PostgreSQL and a real Kafka broker on free ports, and the function's
 * configuration pointing at them. Use {@code @WithTestResource(value = InfrastructureResource.class,
 * initArgs = @ResourceArg(name = "database", value = "vaccine"))}.
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private static LocalPostgres postgres;
    private static LocalKafka kafka;
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
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", LocalPostgres.USER,
                "quarkus.datasource.password", LocalPostgres.PASSWORD,
                "kafka.bootstrap.servers", kafka.bootstrapServers());
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
