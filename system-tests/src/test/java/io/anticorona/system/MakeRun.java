package io.anticorona.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.anticorona.devstack.Function;
import io.anticorona.devstack.FunctionProcess;

/**
 * The system as {@code make run} starts it (devstack's LocalStack, a process of its own that keeps its data in
 * {@code .data/}) and as {@code make stop} stops it ({@code scripts/stop.sh}). It lives in a directory of its own that
 * links to the packaged functions, on the tests' ports plus 500 (beside {@link RunningSystem}'s), and it shares the
 * test run's Keycloak.
 */
final class MakeRun implements AutoCloseable {

    static final int PORT_OFFSET = RunningSystem.PORT_OFFSET + 500;
    private static final List<String> LINKED = List.of("vaccine-fn", "booking-fn", "mypage-fn", "injection-fn", "gateway",
            "devstack", "scripts", "jvm.options");

    private final Path root;
    private Process launcher;
    private Path output;
    private int runs;

    private MakeRun(Path root) {
        this.root = root;
    }

    /** A fresh directory, {@code directory}, that links to the project's functions and scripts. */
    static MakeRun in(Path projectRoot, Path directory) {
        try {
            deleteRecursively(directory);
            Files.createDirectories(directory);
            for (String name : LINKED) {
                Files.createSymbolicLink(directory.resolve(name), projectRoot.resolve(name));
            }
            return new MakeRun(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code make run}: returns once it says every function is up. */
    MakeRun run() {
        output = root.resolve("make-run-" + ++runs + ".out");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Danticorona.root=" + root, "-Danticorona.port-offset=" + PORT_OFFSET, "-Danticorona.test-keycloak=true",
                "-D" + FunctionProcess.RUNTIME_PROPERTY + "=" + (FunctionProcess.isNative() ? "native" : "jvm"),
                "-cp", System.getProperty("java.class.path"), "io.anticorona.devstack.LocalStack");
        try {
            launcher = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
            while (!Files.readString(output).contains("anticorona-fn is up")) {
                if (!launcher.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("make run did not come up; see " + output + ", which ends:\n"
                            + tail(output));
                }
                Thread.sleep(200);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code make stop}: returns when scripts/stop.sh does and {@code make run} has exited. */
    void stop() {
        try {
            Process stop = new ProcessBuilder("bash", root.resolve("scripts/stop.sh").toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            if (!stop.waitFor(120, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
                throw new IllegalStateException("make stop did not return in 120 s; see " + output);
            }
            // stop.sh returns once the launcher's JVM is gone; `make run` around it exits a moment later.
            if (!launcher.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("make run was still running 10 s after make stop returned; see " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The one address customers use. */
    String gateway() {
        return "http://localhost:" + (Function.GATEWAY.port() + PORT_OFFSET);
    }

    @Override
    public void close() {
        if (launcher != null && launcher.isAlive()) {
            stop();
        }
    }

    /** The last lines of a log, for a failure message that says what went wrong on a machine we cannot look at. */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) { // walk does not follow the links
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
