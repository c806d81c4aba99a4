package io.anticorona.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.anticorona.devstack.Function;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad request to booking-fn gets a 4xx problem+json, never a 500, and changes nothing already stored. */
@ExtendWith(RunningSystem.class)
class BookingBadInputTest {

    private static long vaccineId;
    private static String existingCustomer;
    private static String existingBooking;

    @BeforeAll
    static void oneBookingExists() {
        vaccineId = Api.registerVaccine(5);
        existingCustomer = Api.customer();
        existingBooking = Api.book(existingCustomer, vaccineId).then().statusCode(201).extract().path("id");
    }

    static Stream<Arguments> badBookings() {
        return Stream.of(
                bad("malformed JSON", "{\"customerId\":", 400, "invalid-request"),
                bad("empty body", "", 400, "invalid-request"),
                bad("JSON null", "null", 400, "invalid-request"),
                bad("missing fields", "{}", 400, "invalid-request"),
                bad("missing vaccineId", "{\"customerId\":\"c-x\"}", 400, "invalid-request"),
                bad("customerId as number", "{\"customerId\":7,\"vaccineId\":1}", 400, "invalid-request"),
                bad("vaccineId as text", "{\"customerId\":\"c-x\",\"vaccineId\":\"one\"}", 400, "invalid-request"),
                bad("vaccineId as fraction", "{\"customerId\":\"c-x\",\"vaccineId\":1.5}", 400, "invalid-request"),
                bad("vaccineId negative", "{\"customerId\":\"c-x\",\"vaccineId\":-1}", 400, "invalid-request"),
                bad("vaccineId zero", "{\"customerId\":\"c-x\",\"vaccineId\":0}", 400, "invalid-request"),
                bad("vaccineId beyond long", "{\"customerId\":\"c-x\",\"vaccineId\":99999999999999999999}", 400, "invalid-request"),
                bad("blank customerId", "{\"customerId\":\"  \",\"vaccineId\":1}", 400, "invalid-request"),
                bad("customerId of 101 chars", "{\"customerId\":\"" + "c".repeat(101) + "\",\"vaccineId\":1}", 400, "invalid-request"),
                bad("customerId of 1 MB", "{\"customerId\":\"" + "c".repeat(1_048_576) + "\",\"vaccineId\":1}", 400, "invalid-request"),
                bad("unknown vaccine", "{\"customerId\":\"" + Api.customer() + "\",\"vaccineId\":987654}", 404, "not-found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBookings")
    void aBadBookingGetsAProblemAndChangesNothing(String why, String body, int status, String type) {
        bookings().contentType(ContentType.JSON).body(body).post("/bookings")
                .then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status), "type", endsWith(type), "title", not(emptyOrNullString()),
                        "detail", not(emptyOrNullString()));
        existingIsUnchanged();
    }

    @Test
    void aSecondActiveBookingOfOneCustomerIsAConflict() {
        Api.book(existingCustomer, vaccineId).then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("already-booked"));
        existingIsUnchanged();
    }

    @Test
    void unknownOrMalformedBookingIdsAreNotFound() {
        bookings().get("/bookings/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        bookings().get("/bookings/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        bookings().post("/bookings/" + UUID.randomUUID() + "/cancel").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void listingWithoutACustomerIsABadRequest() {
        bookings().get("/bookings").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anOverlongIdempotencyKeyIsABadRequest() {
        bookings().contentType(ContentType.JSON).header("Idempotency-Key", "k".repeat(201))
                .body("{\"customerId\":\"" + Api.customer() + "\",\"vaccineId\":" + vaccineId + "}")
                .post("/bookings").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void cancellingTwiceIsFineButCancellingAnInjectedBookingIsAConflict() {
        String customer = Api.customer();
        String id = Api.book(customer, vaccineId).then().statusCode(201).extract().path("id");
        injectionCompleted(id);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.booking(id).statusCode(200).body("status", equalTo("INJECTED")));
        Api.cancel(id).statusCode(409).contentType("application/problem+json").body("type", endsWith("already-injected"));
        Api.booking(id).statusCode(200).body("status", equalTo("INJECTED"));

        String other = Api.book(Api.customer(), vaccineId).then().statusCode(201).extract().path("id");
        Api.cancel(other).statusCode(200).body("status", equalTo("CANCELLED"));
        Api.cancel(other).statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void anInjectionReportedAfterACrossingCancellationWins() {
        String id = Api.book(Api.customer(), vaccineId).then().statusCode(201).extract().path("id");
        Api.cancel(id).statusCode(200).body("status", equalTo("CANCELLED"));
        injectionCompleted(id);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.booking(id).statusCode(200).body("status", equalTo("INJECTED")));
    }

    @Test
    void randomlyMutatedBookingsNeverCauseAServerError() {
        Random random = new Random(42);
        String seed = "{\"customerId\":\"fuzz\",\"vaccineId\":" + vaccineId + "}";
        String junk = "{}[]\":,-0123456789.eE truefalsenull\\\u00e9";
        for (int i = 0; i < 200; i++) {
            StringBuilder body = new StringBuilder(seed);
            for (int e = 0; e < 1 + random.nextInt(4) && !body.isEmpty(); e++) {
                int at = random.nextInt(body.length());
                switch (random.nextInt(3)) {
                    case 0 -> body.deleteCharAt(at);
                    case 1 -> body.insert(at, junk.charAt(random.nextInt(junk.length())));
                    default -> body.setCharAt(at, junk.charAt(random.nextInt(junk.length())));
                }
            }
            Response response = bookings().contentType(ContentType.JSON).body(body.toString()).post("/bookings");
            int status = response.statusCode();
            assertTrue(status < 500, () -> "HTTP " + status + " for " + body);
            assertTrue(status < 400 || response.contentType().startsWith("application/problem+json"), () -> "plain error for " + body);
        }
        existingIsUnchanged();
    }

    private static void existingIsUnchanged() {
        Api.booking(existingBooking).statusCode(200).body("status", equalTo("BOOKED"), "customerId", equalTo(existingCustomer));
    }

    private static void injectionCompleted(String bookingId) {
        ProducerRecord<String, String> record = new ProducerRecord<>("injection-events", bookingId,
                "{\"bookingId\":\"" + bookingId + "\",\"vaccineId\":" + vaccineId + "}");
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                .add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                .add("ce_type", "InjectionCompleted".getBytes(StandardCharsets.UTF_8))
                .add("ce_source", "/system-tests".getBytes(StandardCharsets.UTF_8));
        try (KafkaCompanion kafka = new KafkaCompanion(RunningSystem.stack().kafka().bootstrapServers())) {
            kafka.produceStrings().fromRecords(record).awaitCompletion();
        }
    }

    private static RequestSpecification bookings() {
        return Api.asAgent().baseUri(RunningSystem.url(Function.BOOKING));
    }

    private static Arguments bad(String why, String body, int status, String type) {
        return Arguments.of(why, body, status, type);
    }
}
