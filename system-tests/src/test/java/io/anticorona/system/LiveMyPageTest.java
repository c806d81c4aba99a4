package io.anticorona.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.SseClient;
import io.anticorona.devstack.Function;
import io.anticorona.devstack.FunctionProcess;
import io.anticorona.devstack.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * My Page updates itself across instances: a second mypage-fn (B) on the same database, with its Kafka consumers
 * off, so that every event is applied by the stack's mypage-fn (A). A browser connected to B still sees it, through
 * PostgreSQL LISTEN/NOTIFY. The time from an event's delivery to A until the page reaches B's client is printed
 * (LIVE MY PAGE: ...); the test asserts only what the page says.
 */
@ExtendWith(RunningSystem.class)
class LiveMyPageTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final int SAMPLES = 30;
    private static FunctionProcess instanceB;

    @BeforeAll
    static void startInstanceB() {
        Path root = Path.of(System.getProperty("anticorona.project.root", "..")).toAbsolutePath().normalize();
        Map<String, String> properties = new LinkedHashMap<>(RunningSystem.stack().connectionProperties(Function.MYPAGE));
        properties.put("quarkus.http.port", String.valueOf(freePort()));
        for (String channel : List.of("vaccine-events", "booking-events", "injection-events")) {
            properties.put("mp.messaging.incoming." + channel + ".enabled", "false");
        }
        int port = Integer.parseInt(properties.get("quarkus.http.port"));
        instanceB = new FunctionProcess(Function.MYPAGE, port, "http://localhost:" + port, root, properties,
                root.resolve("system-tests/target/logs/mypage-fn-b.log")).start().awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.stop();
        }
    }

    @Test
    void aWaiterConnectedToAnotherInstanceSeesTheLineMoveAndTheirPromotion() {
        long vaccineId = Api.registerVaccine(1);
        String holder = Api.customer();
        String first = Api.customer();
        String second = Api.customer();
        String held = Api.book(holder, vaccineId).then().statusCode(201).body("status", equalTo("BOOKED")).extract().path("id");
        String firstBooking = Api.book(first, vaccineId).then().statusCode(201)
                .body("status", equalTo("WAITING"), "waitlistPosition", equalTo(1)).extract().path("id");
        Api.book(second, vaccineId).then().statusCode(201).body("status", equalTo("WAITING"), "waitlistPosition", equalTo(2));

        try (SseClient stream = openOnB(second)) {
            stream.until(page -> Integer.valueOf(2).equals(page.get("bookings[0].waitlistPosition")), WITHIN);
            // The holder cancels: vaccine-fn frees the dose, booking-fn promotes the first waiter, A applies that.
            Api.cancel(held).statusCode(200);
            JsonPath moved = stream.until(page -> Integer.valueOf(1).equals(page.get("bookings[0].waitlistPosition")), WITHIN);
            assertEquals("WAITING", moved.getString("bookings[0].status"));
            Api.booking(firstBooking).body("status", equalTo("BOOKED"));

            // A dose more: now the second waiter is promoted too, with its notification.
            Api.addStock(vaccineId, 1);
            JsonPath promoted = stream.until(page -> "BOOKED".equals(page.getString("bookings[0].status")), WITHIN);
            assertNull(promoted.get("bookings[0].waitlistPosition"));
            assertEquals(List.of("WAITLISTED", "PROMOTED"), promoted.getList("notifications.kind"));
        }
    }

    /** Each sample: a page open on B, one event posted to A (202 once applied), the time until B's client has it. */
    @Test
    void anEventAppliedByOneInstanceReachesAClientOfTheOther() {
        long vaccineId = Api.registerVaccine(0);
        List<Long> fromPost = new ArrayList<>();
        List<Long> fromApplied = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            String customer = Api.customer();
            String booking = UUID.randomUUID().toString();
            try (SseClient stream = openOnB(customer)) {
                assertEquals(List.of(), stream.next(WITHIN).getList("bookings"));
                long posted = System.nanoTime();
                postToA(booking, customer, vaccineId, 1000L + i);
                long applied = System.nanoTime();
                JsonPath page = stream.until(p -> !p.getList("bookings").isEmpty(), WITHIN);
                long seen = System.nanoTime();
                assertEquals(booking, page.getString("bookings[0].bookingId"));
                assertEquals("WAITING", page.getString("bookings[0].status"));
                assertEquals(i + 1, page.getInt("bookings[0].waitlistPosition"));
                fromPost.add((seen - posted) / 1_000_000);
                fromApplied.add(Math.max(0, seen - applied) / 1_000_000);
            }
        }
        Collections.sort(fromPost);
        Collections.sort(fromApplied);
        System.out.printf("LIVE MY PAGE: event posted to instance A -> page at a client of instance B over %d events: "
                + "p50 %d ms, p99 %d ms, max %d ms; from A's 202 (applied, committed): p50 %d ms, p99 %d ms, max %d ms%n",
                SAMPLES, percentile(fromPost, 50), percentile(fromPost, 99), fromPost.getLast(),
                percentile(fromApplied, 50), percentile(fromApplied, 99), fromApplied.getLast());
    }

    private static SseClient openOnB(String customer) {
        SseClient stream = SseClient.open(instanceB.url() + "/mypages/" + customer + "/stream", Tokens.of(Tokens.AGENT));
        assertEquals(200, stream.status());
        return stream;
    }

    /** BookingWaitlisted as the event delivery posts it to A (binary CloudEvent); A answers 202 once it is applied. */
    private static void postToA(String bookingId, String customerId, long vaccineId, long waitlistOrder) {
        given().baseUri(RunningSystem.url(Function.MYPAGE)).auth().oauth2(Tokens.eventing()).contentType(ContentType.JSON)
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", "BookingWaitlisted").header("ce-source", "/system-test")
                .body("""
                        {"bookingId":"%s","customerId":"%s","vaccineId":%d,"waitlistOrder":%d,"version":2,"at":"%s"}"""
                        .formatted(bookingId, customerId, vaccineId, waitlistOrder, java.time.OffsetDateTime.now()))
                .post("/events").then().statusCode(202);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
