package io.anticorona.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a function's {@code /q/metrics} (Prometheus text format), for the tests that assert the metrics:
 * the names it carries and the value of one sample.
 */
public record MetricsScrape(String text) {

    /** name, then {labels} whose quoted values may hold braces (uri="/bookings/{id}"), then the value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (\\S+)", Pattern.MULTILINE);

    /** Scrapes {@code baseUrl + "/q/metrics"}; fails unless it answers 200. */
    public static MetricsScrape of(String baseUrl) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(baseUrl + "/q/metrics answered " + response.statusCode());
            }
            return new MetricsScrape(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every sample name in the scrape (with its _total, _count, _bucket, ... suffix). */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            names.add(sample.group(1));
        }
        return names;
    }

    /**
     * The value of the sample {@code name} whose labels include every {@code label="value"} given (e.g.
     * {@code "outcome=\"BOOKED\""}); 0 if there is none, as for a counter not yet incremented.
     */
    public double value(String name, String... labels) {
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            if (sample.group(1).equals(name) && hasAll(sample.group(2), labels)) {
                return Double.parseDouble(sample.group(3));
            }
        }
        return 0;
    }

    /** Whether a sample {@code name} with these labels is there at all (a gauge at 0 is there). */
    public boolean has(String name, String... labels) {
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            if (sample.group(1).equals(name) && hasAll(sample.group(2), labels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAll(String labelSet, String... labels) {
        for (String label : labels) {
            if (labelSet == null || !labelSet.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
