package io.anticorona.system;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.anticorona.devstack.Function;
import io.anticorona.devstack.LocalPostgres;
import io.anticorona.devstack.Stack;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;

/**
 * Starts the whole system once per test run: real PostgreSQL, a real Kafka broker, and the packaged functions as
 * processes of their own. Ports are the contract's plus {@link #PORT_OFFSET}, so a running {@code make run} is no
 * obstacle. Tests that stop a component start it again before they end.
 */
public class RunningSystem implements BeforeAllCallback {

    /**
     * 12,000 unless {@code -Danticorona.test.port-offset} says otherwise (two checkouts testing at once). Every port,
     * PostgreSQL's 15432 too, stays below Linux's ephemeral range (32768 and up), where a client connection of the run
     * could already hold it.
     */
    static final int PORT_OFFSET = Integer.getInteger("anticorona.test.port-offset", 12_000);
    private static Stack stack;

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (stack == null) {
            Path root = Path.of(System.getProperty("anticorona.project.root", "..")).toAbsolutePath().normalize();
            stack = Stack.startInfrastructure(root, null, root.resolve("system-tests/target/logs"), PORT_OFFSET);
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(RunningSystem.class.getName(), (ExtensionContext.Store.CloseableResource) stack::close);
            for (Function function : Function.values()) {
                stack.start(function, java.util.Map.of());
            }
            for (Function function : Function.values()) {
                stack.function(function).awaitReady(java.time.Duration.ofSeconds(180));
            }
        }
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        // A request that hangs fails its test within a minute, instead of holding the whole run until CI's limit.
        RestAssured.config = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));
    }

    static Stack stack() {
        return stack;
    }

    static String url(Function function) {
        return stack.url(function);
    }

    static Connection database(Function function) throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(function.database()), LocalPostgres.USER, LocalPostgres.PASSWORD);
    }
}
