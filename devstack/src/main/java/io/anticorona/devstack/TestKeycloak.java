package io.anticorona.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One Keycloak for a whole test run. {@code make test} runs {@code mvn verify} under {@link #main}, which starts
 * Keycloak on the tests' port first and stops it at the end; every test JVM (each module's {@code @QuarkusTest}s,
 * the system tests) finds it serving and reuses it. A test JVM started without it (plain {@code mvn verify}) starts
 * its own on the same port and stops it when it ends.
 */
public final class TestKeycloak {

    /** The contract's port plus the tests' offset, so a running {@code make run} is no obstacle. */
    public static final int PORT = Stack.KEYCLOAK_PORT + 20_000;

    private TestKeycloak() {
    }

    public static Path dataDirectory(Path projectRoot) {
        return projectRoot.resolve("target/test-keycloak/data");
    }

    public static Path logFile(Path projectRoot) {
        return projectRoot.resolve("target/test-keycloak/keycloak.log");
    }

    public static LocalKeycloak handle(Path projectRoot) {
        return LocalKeycloak.reuse(projectRoot, PORT, dataDirectory(projectRoot), logFile(projectRoot));
    }

    /** The project root from a test JVM: the system property Maven sets, else the first parent holding devstack/. */
    public static Path projectRoot() {
        String configured = System.getProperty("anticorona.project.root");
        Path start = Path.of(configured != null ? configured : ".").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("devstack")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the project root (a folder with devstack/) above " + start);
    }

    /** {@code TestKeycloak <command...>}: a fresh Keycloak, the command with it, then Keycloak stopped. */
    public static void main(String[] command) throws Exception {
        Path root = projectRoot();
        LocalKeycloak keycloak = handle(root);
        keycloak.stop(); // one left by an interrupted run, found by its pid file
        if (keycloak.isServing()) {
            throw new IllegalStateException("Something else serves a realm on port " + PORT + ": stop it first");
        }
        deleteRecursively(dataDirectory(root));
        Runtime.getRuntime().addShutdownHook(new Thread(keycloak::stop));
        long started = System.nanoTime();
        keycloak.start();
        System.out.printf("Keycloak for the tests at %s, ready in %.1f s (log: %s)%n", keycloak.url(),
                (System.nanoTime() - started) / 1e9, root.relativize(logFile(root)));
        int exit = new ProcessBuilder(List.of(command)).inheritIO().start().waitFor();
        System.exit(exit);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
