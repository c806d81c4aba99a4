package io.anticorona.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged function running as a process of its own, as it does in production: its quarkus-run.jar, or with
 * {@code -Danticorona.runtime=native} its native executable ({@code make native}).
 */
public final class FunctionProcess implements AutoCloseable {

    /** {@code jvm} (the default) or {@code native}: which package of every function to run. */
    public static final String RUNTIME_PROPERTY = "anticorona.runtime";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Function function;
    private final int port;
    private final String managementUrl;
    private final Path executable;
    private final boolean nativeRuntime;
    private final Map<String, String> properties;
    private final Path logFile;
    private final List<String> jvmOptions;
    private volatile Process process;

    /**
     * @param managementUrl where its /q/ endpoints (health, metrics) are: its own URL, or its management interface's
     *                      (the gateway's, {@link Stack#managementUrl})
     */
    public FunctionProcess(Function function, int port, String managementUrl, Path projectRoot,
            Map<String, String> properties, Path logFile) {
        this.function = function;
        this.port = port;
        this.managementUrl = managementUrl;
        this.nativeRuntime = isNative();
        Path target = projectRoot.resolve(function.module()).resolve("target");
        this.executable = nativeRuntime ? target.resolve(function.module() + "-1.0.0-SNAPSHOT-runner")
                : target.resolve("quarkus-app/quarkus-run.jar");
        this.properties = properties;
        this.logFile = logFile;
        this.jvmOptions = jvmOptions(projectRoot, function.module());
    }

    /** Whether {@value #RUNTIME_PROPERTY} asks for the native executables. */
    public static boolean isNative() {
        String runtime = System.getProperty(RUNTIME_PROPERTY, "jvm");
        if (!runtime.equals("jvm") && !runtime.equals("native")) {
            throw new IllegalArgumentException(RUNTIME_PROPERTY + " must be jvm or native, not " + runtime);
        }
        return runtime.equals("native");
    }

    /**
     * The JVM options of jvm.options at the project root, then those of the module's own jvm.options if it has one
     * (a later option wins): one per line, # starts a comment.
     */
    static List<String> jvmOptions(Path projectRoot, String module) {
        List<String> options = new ArrayList<>(readOptions(projectRoot.resolve("jvm.options")));
        Path own = projectRoot.resolve(module).resolve("jvm.options");
        if (Files.isRegularFile(own)) {
            options.addAll(readOptions(own));
        }
        return options;
    }

    /**
     * What a native executable takes of the JVM options, as in the cluster: the heap bound (the last -Xmx). The
     * collector, JIT and stack options are the JVM's; the executable has its own.
     */
    static List<String> heapBound(List<String> jvmOptions) {
        return jvmOptions.stream().filter(option -> option.startsWith("-Xmx")).reduce((first, last) -> last)
                .map(List::of).orElse(List.of());
    }

    private static List<String> readOptions(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read JVM options from " + file, e);
        }
    }

    public Function function() {
        return function;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public synchronized FunctionProcess start() {
        if (!Files.isRegularFile(executable)) {
            throw new IllegalStateException(executable + " is missing: package the functions first ("
                    + (nativeRuntime ? "make native" : "mvn package") + ")");
        }
        List<String> command = new ArrayList<>();
        if (nativeRuntime) {
            command.add(executable.toString());
            command.addAll(heapBound(jvmOptions));
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!nativeRuntime) {
            command.add("-jar");
            command.add(executable.toString());
        }
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            // Two glibc malloc arenas instead of up to 8 per core: less native memory, as in the cluster.
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            // Never outlive the JVM that started it, but end cleanly there too: SIGTERM and wait, as stop() does. A
            // SIGKILL here (shutdown hooks run all at once) cut every function off before its Quarkus shutdown, so
            // its consumers never left their groups and, after the next start, waited out their 45 s sessions.
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + function.module(), e);
        }
    }

    /** Waits until the function says it is ready (database reachable and migrated) at its /q/health/ready. */
    public FunctionProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new IllegalStateException(function.module() + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYetListening) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(function.module() + " was not ready within " + timeout + "; see " + logFile);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM without waiting, so that several functions can stop at once; {@link #stop()} then waits. */
    public void terminate() {
        Process running = process;
        if (running != null) {
            running.destroy();
        }
    }

    /**
     * SIGTERM, so that in-flight requests finish and Quarkus shuts down (its consumers commit and hand over their
     * partitions); SIGKILL only if that takes more than 30 s.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
