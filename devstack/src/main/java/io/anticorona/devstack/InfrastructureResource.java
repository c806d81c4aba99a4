package io.anticorona.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
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
    private static String databaseName;
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
            databaseName = database;
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

    /**
     * The first row of a query on the function's database, column by label, or null when there is none. Over JDBC
     * from the test, so a test that reads the database runs against the native executable as well.
     */
    public static Map<String, Object> row(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(databaseName), LocalPostgres.USER,
                LocalPostgres.PASSWORD); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                Map<String, Object> row = new HashMap<>();
                for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                    row.put(result.getMetaData().getColumnLabel(column), result.getObject(column));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
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
