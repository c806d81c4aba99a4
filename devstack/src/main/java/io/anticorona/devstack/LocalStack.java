package io.anticorona.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make run}: PostgreSQL, Kafka, Keycloak and every function on its contract port, until Ctrl-C or
 * {@code make stop}.
 * Data lives in {@code .data/}, logs in {@code .run/logs/}, process ids in {@code .run/pids/}.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("anticorona.root", ".")).toAbsolutePath().normalize();
        Path run = root.resolve(".run");
        Path pids = run.resolve("pids");
        Set<String> skipped = Set.of(System.getProperty("anticorona.skip", "").split("[ ,]+"));
        Files.createDirectories(pids);
        Files.createDirectories(run.resolve("logs"));
        write(pids.resolve("stack.pid"), ProcessHandle.current().pid());
        System.setProperty("org.slf4j.simpleLogger.logFile", run.resolve("logs/infrastructure.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        // Clock times, as in the functions' logs, so that a broker's rebalance lines up with a function's start.
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");

        System.out.println("Starting PostgreSQL, Kafka, Keycloak and the mail server (data in " + root.relativize(root.resolve(".data"))
                + "/; Keycloak's first start imports the realm and takes about half a minute) ...");
        // Ports are the contract's; -Danticorona.port-offset moves them all, e.g. for a second system beside this one.
        // -Danticorona.test-keycloak=true uses the test run's Keycloak instead of .data/keycloak (the system tests).
        Stack stack = Stack.startInfrastructure(root, root.resolve(".data"), run.resolve("logs"),
                Integer.getInteger("anticorona.port-offset", 0), Boolean.getBoolean("anticorona.test-keycloak"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the functions (each to a clean exit), then Kafka, PostgreSQL and Keycloak ...");
            long start = System.nanoTime();
            stack.close();
            System.out.printf("Stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
            deletePidFiles(pids);
            stopped.countDown();
        }));

        List<FunctionProcess> started = new ArrayList<>();
        for (Function function : Function.values()) {
            if (skipped.contains(function.module())) {
                continue;
            }
            FunctionProcess process = stack.start(function, java.util.Map.of());
            write(pids.resolve(function.module() + ".pid"), process.pid());
            started.add(process);
        }
        for (FunctionProcess process : started) {
            process.awaitReady(java.time.Duration.ofSeconds(120));
        }
        printWelcome(stack, started, skipped);
        stopped.await();
    }

    private static void printWelcome(Stack stack, List<FunctionProcess> started, Set<String> skipped) {
        System.out.println();
        System.out.println("anticorona-fn is up. Logs: .run/logs/<component>.log (Kafka and PostgreSQL: infrastructure.log)");
        System.out.printf("  %-13s jdbc:postgresql://localhost:%d (user %s)%n", "postgresql", stack.postgres().port(), LocalPostgres.USER);
        System.out.printf("  %-13s %s%n", "kafka", stack.kafka().bootstrapServers());
        System.out.printf("  %-13s %s   (realm %s; admin console %s/admin, admin/admin)%n", "keycloak",
                stack.keycloak().url(), LocalKeycloak.REALM, stack.keycloak().url());
        System.out.printf("  %-13s SMTP localhost:%d, IMAP localhost:%d (every address's mailbox: login and password = the address)%n",
                "mail", stack.mail().smtpPort(), stack.mail().imapPort());
        for (FunctionProcess process : started) {
            String note = process.function() == Function.GATEWAY ? "the one address customers use"
                    : "OpenAPI: " + process.url() + "/q/openapi";
            System.out.printf("  %-13s %s   (%s; metrics: %s/q/metrics)%n", process.function().module(), process.url(),
                    note, stack.managementUrl(process.function()));
        }
        skipped.stream().filter(s -> !s.isBlank()).forEach(s -> System.out.printf("  %-13s skipped: run it yourself, e.g. mvn -pl %s quarkus:dev%n", s, s));
        System.out.println("Metrics: each component's /q/metrics above (Prometheus text; README \"Operations\" says what each means).");
        System.out.println("Traces are off; README \"Operations\" shows how to send them to an OTLP endpoint.");
        System.out.println();
        if (!skipped.contains(Function.GATEWAY.module())) {
            System.out.println("Web app: " + stack.url(Function.GATEWAY) + "/   (sign in with a local user below; Korean or English)");
        }
        System.out.println("Local users (password = username, local realm only): alice, bob, carol (customer),");
        System.out.println("  agent (booking-agent), vadmin (vaccine-admin), nurse (injection-admin).");
        System.out.println("Or with curl, through the gateway:");
        System.out.println("  token() { curl -s " + stack.keycloak().realmUrl() + "/protocol/openid-connect/token \\");
        System.out.println("    -d grant_type=password -d client_id=anticorona-cli -d username=$1 -d password=$1 | jq -r .access_token; }");
        System.out.println("  curl -s -XPOST localhost:8088/vaccines -H \"Authorization: Bearer $(token vadmin)\" \\");
        System.out.println("    -H 'Content-Type: application/json' -d '{\"name\":\"Pfizer\",\"stock\":100}'");
        System.out.println("  curl -s -XPOST localhost:8088/bookings -H \"Authorization: Bearer $(token alice)\" \\");
        System.out.println("    -H 'Content-Type: application/json' -d '{\"vaccineId\":1}'");
        System.out.println("  curl -s localhost:8088/mypages/alice -H \"Authorization: Bearer $(token alice)\"");
        System.out.println("Every notification is also mailed. Read alice's mail with any IMAP client, or:");
        System.out.println("  curl -s --url 'imap://localhost:" + stack.mail().imapPort()
                + "/INBOX;UID=1' --user 'alice@example.com:alice@example.com'");
        System.out.println();
        System.out.println("Ctrl-C (or make stop) stops everything.");
    }

    private static void write(Path file, long pid) throws IOException {
        Files.writeString(file, Long.toString(pid));
    }

    private static void deletePidFiles(Path pids) {
        try (var files = Files.list(pids)) {
            files.forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // nothing left to clean
        }
    }
}
