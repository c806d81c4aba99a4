package io.anticorona.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak (the server distribution that the devstack build unpacks into {@code devstack/target/keycloak}),
 * run as a process of its own with the local realm {@code anticorona} imported from
 * {@code devstack/src/main/resources/keycloak/anticorona-realm.json}. Its data (an H2 file database) lives in a data
 * directory, so users, sessions and signing keys survive a restart; the process id is kept there too, so that another
 * JVM (a test module, {@code make stop}) can find and stop it.
 */
public final class LocalKeycloak implements AutoCloseable {

    public static final String REALM = "anticorona";
    /** Build-time options: {@code kc.sh build} runs once per unpacked distribution, not at every start. */
    private static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--cache=local", "--health-enabled=false",
            "--metrics-enabled=false");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path home;
    private final int port;
    private final Path dataDirectory;
    private final Path logFile;
    private Process process;

    private LocalKeycloak(Path home, int port, Path dataDirectory, Path logFile) {
        this.home = home;
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
    }

    /** A handle on the Keycloak of this port and data directory, whether it runs yet or not; nothing is started. */
    public static LocalKeycloak reuse(Path projectRoot, int port, Path dataDirectory, Path logFile) {
        return new LocalKeycloak(distribution(projectRoot), port, dataDirectory, logFile);
    }

    /** Starts Keycloak unless one already serves the realm on this port; true when this call started it. */
    public boolean startUnlessServing() {
        if (isServing()) {
            return false;
        }
        start();
        return true;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** The issuer of the local realm's tokens, as every function is configured with it. */
    public String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    public int port() {
        return port;
    }

    public synchronized LocalKeycloak start() {
        try {
            buildOnce();
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            try (InputStream realm = LocalKeycloak.class.getResourceAsStream("/keycloak/anticorona-realm.json")) {
                Files.copy(realm, imports.resolve("anticorona-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(dataDirectory);
            Files.createDirectories(logFile.getParent());
            List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start",
                    "--optimized", "--import-realm", "--http-enabled=true", "--http-port=" + port,
                    "--hostname=" + url(), "--db-url=jdbc:h2:file:" + dataDirectory.resolve("keycloakdb")
                            + ";NON_KEYWORDS=VALUE",
                    "--log-console-output=default"));
            ProcessBuilder builder = environment(new ProcessBuilder(command));
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
            try {
                awaitServing(Duration.ofSeconds(180));
            } catch (RuntimeException notServing) {
                stop(); // never leave a half-started Keycloak holding the port
                throw notServing;
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak did not start on port " + port + "; see " + logFile, e);
        }
    }

    /**
     * SIGTERM to the Keycloak on this data directory, whichever JVM started it (its pid file says which process),
     * and waits until it has gone. kc.sh execs the JVM, so the pid written at start is Keycloak's own.
     */
    public synchronized void stop() {
        Stream.concat(pidFileProcess().stream(), Stream.ofNullable(process).map(Process::toHandle))
                .filter(ProcessHandle::isAlive).distinct().forEach(LocalKeycloak::terminate);
        process = null;
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // a stale pid file is checked against the live process next time
        }
    }

    private static void terminate(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception slow) {
            handle.destroyForcibly();
        }
    }

    /** True when the realm's discovery document answers. */
    public boolean isServing() {
        try {
            HttpRequest discovery = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitServing(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + logFile);
            }
            if (isServing() && process.isAlive()) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("Keycloak was not serving within " + timeout + "; see " + logFile);
    }

    private Optional<ProcessHandle> pidFileProcess() {
        try {
            return Files.isRegularFile(pidFile())
                    ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile()).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path pidFile() {
        return dataDirectory.resolve("keycloak.pid");
    }

    /** {@code kc.sh build} once per distribution (about 15 s); a lock keeps make run and a test run from racing. */
    private void buildOnce() throws IOException {
        Path marker = home.resolve(".anticorona-built");
        String wanted = String.join(" ", BUILD_OPTIONS);
        try (FileChannel channel = FileChannel.open(home.resolve(".build.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(wanted)) {
                return;
            }
            List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "build"));
            command.addAll(BUILD_OPTIONS);
            Files.createDirectories(logFile.getParent());
            Process build = environment(new ProcessBuilder(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (build.waitFor() != 0) {
                throw new IllegalStateException("kc.sh build failed; see " + logFile);
            }
            Files.writeString(marker, wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder environment(ProcessBuilder builder) {
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The master realm's first admin, for the admin console and the tests' admin calls (local only).
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        // JBoss Threads needs this on JDK 24 and later; C1 only and a small heap: a quicker start, less memory.
        builder.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m -XX:TieredStopAtLevel=1");
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        return builder;
    }

    private static Path distribution(Path projectRoot) {
        Path unpacked = projectRoot.resolve("devstack/target/keycloak");
        try (Stream<Path> entries = Files.isDirectory(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            return entries.filter(path -> path.getFileName().toString().startsWith("keycloak-")
                    && Files.isRegularFile(path.resolve("bin/kc.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Keycloak under " + unpacked
                            + ": build devstack first (mvn -pl devstack package)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
