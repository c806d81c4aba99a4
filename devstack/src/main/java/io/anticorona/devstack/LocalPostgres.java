package io.anticorona.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL server from the binaries in Maven jars: no Docker, no install. */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "anticorona";
    public static final String PASSWORD = "anticorona";

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server; with a data directory its data survives restarts, without one it is thrown away. */
    public static LocalPostgres start(int port, Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", dataDirectory == null ? "off" : "on")
                    // A kept server is stopped by its owner (make run's Stack) after the functions; the library's own
                    // shutdown hook would stop it at once, under functions that are still shutting down.
                    .setRegisterShutdownHook(dataDirectory == null);
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            LocalPostgres server = new LocalPostgres(builder.start());
            server.createRole();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates each database that does not exist yet, owned by {@link #USER}. */
    public void createDatabases(String... names) {
        for (String name : names) {
            if (!exists("select 1 from pg_database where datname = '" + name + "'")) {
                execute("create database " + name + " owner " + USER);
            }
        }
    }

    private void createRole() {
        if (!exists("select 1 from pg_roles where rolname = '" + USER + "'")) {
            execute("create role " + USER + " login createdb password '" + PASSWORD + "'");
        }
    }

    private boolean exists(String query) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            return result.next();
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    private void execute(String sql) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
