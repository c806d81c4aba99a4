package io.anticorona.vaccine;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.anticorona.vaccine.VaccineApi.asAdmin;
import static io.anticorona.vaccine.VaccineApi.asCallerOf;
import static io.anticorona.vaccine.VaccineApi.get;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class BadInputTest {

    private static final String MEGABYTE_NAME = "x".repeat(1_048_576);
    private static long existing;

    @BeforeEach
    void registerOneVaccine() {
        if (existing == 0) {
            existing = register(uniqueName("Existing"), 10);
        }
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("malformed JSON", "/vaccines", "{\"name\":", 400),
                bad("empty body", "/vaccines", "", 400),
                bad("JSON null", "/vaccines", "null", 400),
                bad("array instead of object", "/vaccines", "[]", 400),
                bad("missing fields", "/vaccines", "{}", 400),
                bad("missing stock", "/vaccines", "{\"name\":\"A\"}", 400),
                bad("stock as text", "/vaccines", "{\"name\":\"A\",\"stock\":\"ten\"}", 400),
                bad("stock as quoted number", "/vaccines", "{\"name\":\"A\",\"stock\":\"10\"}", 400),
                bad("stock as fraction", "/vaccines", "{\"name\":\"A\",\"stock\":10.5}", 400),
                bad("negative stock", "/vaccines", "{\"name\":\"A\",\"stock\":-1}", 400),
                bad("absurd stock", "/vaccines", "{\"name\":\"A\",\"stock\":1000001}", 400),
                bad("stock beyond int", "/vaccines", "{\"name\":\"A\",\"stock\":99999999999999999999}", 400),
                bad("name as number", "/vaccines", "{\"name\":42,\"stock\":1}", 400),
                bad("empty name", "/vaccines", "{\"name\":\"\",\"stock\":1}", 400),
                bad("blank name", "/vaccines", "{\"name\":\"   \",\"stock\":1}", 400),
                bad("name of 101 chars", "/vaccines", "{\"name\":\"" + "n".repeat(101) + "\",\"stock\":1}", 400),
                bad("name of 1 MB", "/vaccines", "{\"name\":\"" + MEGABYTE_NAME + "\",\"stock\":1}", 400),
                bad("trailing garbage", "/vaccines", "{\"name\":\"A\",\"stock\":1} x", 400),
                bad("zero quantity", "/vaccines/{id}/stock", "{\"quantity\":0}", 400),
                bad("negative quantity", "/vaccines/{id}/stock", "{\"quantity\":-5}", 400),
                bad("absurd quantity", "/vaccines/{id}/stock", "{\"quantity\":1000001}", 400),
                bad("quantity as text", "/vaccines/{id}/stock", "{\"quantity\":\"many\"}", 400),
                bad("missing quantity", "/vaccines/{id}/stock", "{}", 400),
                bad("stock for unknown vaccine", "/vaccines/424242/stock", "{\"quantity\":5}", 404),
                bad("stock for non-numeric id", "/vaccines/abc/stock", "{\"quantity\":5}", 404),
                bad("booking id not a UUID", "/vaccines/{id}/reservations", "{\"bookingId\":\"nope\"}", 400),
                bad("booking id as number", "/vaccines/{id}/reservations", "{\"bookingId\":12}", 400),
                bad("missing booking id", "/vaccines/{id}/reservations", "{}", 400),
                bad("reservation for unknown vaccine", "/vaccines/424242/reservations",
                        "{\"bookingId\":\"" + java.util.UUID.randomUUID() + "\"}", 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsGetAProblemAndChangeNothing(String why, String path, String body, int status) {
        asCallerOf(path).contentType(ContentType.JSON).body(body)
                .post(path.replace("{id}", String.valueOf(existing)))
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status), "title", not(emptyOrNullString()), "detail", not(emptyOrNullString()));
        get(existing).body("stock", equalTo(10), "reserved", equalTo(0));
    }

    @Test
    void invalidFieldsAreNamedInViolations() {
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"\",\"stock\":-3}")
                .post("/vaccines")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.containsInAnyOrder("name", "stock"));
    }

    @Test
    void aWrongMediaTypeIsUnsupported() {
        asAdmin().contentType(ContentType.TEXT).body("name=A")
                .post("/vaccines")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        given().get("/vaccines/abc").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void randomlyMutatedBodiesNeverCauseAServerError() {
        Random random = new Random(20261124);
        String[] seeds = { "{\"name\":\"Fuzz\",\"stock\":5}", "{\"quantity\":3}", "{\"bookingId\":\"" + java.util.UUID.randomUUID() + "\"}" };
        long target = register(uniqueName("FuzzTarget"), 10);
        String[] paths = { "/vaccines", "/vaccines/" + target + "/stock", "/vaccines/" + target + "/reservations" };
        for (int i = 0; i < 300; i++) {
            int call = random.nextInt(seeds.length);
            String body = mutate(seeds[call], random);
            Response response = asCallerOf(paths[call]).contentType(ContentType.JSON).body(body).post(paths[call]);
            int status = response.statusCode();
            assertTrue(status < 500, () -> "HTTP " + status + " for " + body);
            if (status >= 400) {
                assertTrue(response.contentType().startsWith("application/problem+json"), () -> "plain error for " + body);
            }
        }
    }

    private static String mutate(String json, Random random) {
        StringBuilder text = new StringBuilder(json);
        int edits = 1 + random.nextInt(4);
        String junk = "{}[]\":,-0123456789.eE truefalsenull\\\u00e9\u0000";
        for (int e = 0; e < edits && !text.isEmpty(); e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, junk.charAt(random.nextInt(junk.length())));
                default -> text.setCharAt(at, junk.charAt(random.nextInt(junk.length())));
            }
        }
        return text.toString();
    }

    private static Arguments bad(String why, String path, String body, int status) {
        return Arguments.of(why, path, body, status);
    }
}
