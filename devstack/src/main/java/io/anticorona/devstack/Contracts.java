package io.anticorona.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/**
 * The answers one function gives another, pinned as files (resources/contracts/&lt;provider&gt;/&lt;name&gt;.json): the
 * provider's test asserts that it gives them, the consumer's test that it understands them, so a change on either side
 * fails a test. Each file has the answer's status, content type and the body fields that matter (a real answer may
 * carry more, such as a detail text).
 */
public final class Contracts {

    /** One pinned answer. */
    public record Answer(String name, int status, String contentType, Map<String, Object> body, String bodyJson) {
    }

    /** The answer vaccine-fn gives booking-fn when the vaccine is sold out. */
    public static final String SOLD_OUT = "reservation-sold-out";
    /** The answer vaccine-fn gives booking-fn's batch of two bookings when one dose is left (fields are JSON paths). */
    public static final String BATCH = "reservation-batch";
    /** The answer vaccine-fn gives booking-fn for a vaccine it does not know. */
    public static final String UNKNOWN_VACCINE = "reservation-unknown-vaccine";

    private Contracts() {
    }

    public static Answer vaccineFn(String name) {
        String path = "/contracts/vaccine-fn/" + name + ".json";
        try (InputStream in = Contracts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No contract file " + path);
            }
            JsonPath file = JsonPath.from(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, Object> body = file.getMap("body");
            return new Answer(name, file.getInt("status"), file.getString("contentType"), body, toJson(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as JSON: strings and numbers only, as the contract files hold them. */
    private static String toJson(Map<String, Object> body) {
        StringBuilder json = new StringBuilder("{");
        body.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":");
            json.append(value instanceof Number ? value.toString() : "\"" + value + "\"");
        });
        return json.append('}').toString();
    }
}
