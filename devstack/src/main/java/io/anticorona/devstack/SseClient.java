package io.anticorona.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.restassured.path.json.JsonPath;

/** A Server-Sent Events client as a browser's EventSource is one: it collects the data of the events named mypage. */
public final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final int status;
    private final InputStream body;
    private final BlockingQueue<String> pages = new LinkedBlockingQueue<>();

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        if (status == 200) {
            Thread.ofPlatform().daemon().name("sse-client").start(this::read);
        }
    }

    public static SseClient open(String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            return new SseClient(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    /** The next page the stream sends, within the time given. */
    public JsonPath next(Duration within) {
        try {
            String data = pages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (data == null) {
                throw new AssertionError("No mypage event within " + within);
            }
            return JsonPath.from(data);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Pages until one matches, each within the time given. */
    public JsonPath until(Predicate<JsonPath> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            JsonPath page = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (wanted.test(page)) {
                return page;
            }
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if ("mypage".equals(event)) {
                        pages.add(data.toString());
                    }
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = value(line, 6);
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(value(line, 5));
                }
            }
        } catch (IOException closed) {
            // the test closed the stream
        }
    }

    private static String value(String line, int from) {
        String value = line.substring(from);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }
}
