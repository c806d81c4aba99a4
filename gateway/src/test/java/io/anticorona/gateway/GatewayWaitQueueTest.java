package io.anticorona.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's wait queue per service is bounded: with one connection and one waiting place, a third call to a busy
 * service is answered 503 problem+json with Retry-After at once, and the two others are answered by the service.
 */
@QuarkusTest
@WithTestResource(UpstreamResource.class)
@TestProfile(GatewayWaitQueueTest.OneConnectionOneWaiting.class)
class GatewayWaitQueueTest {

    public static class OneConnectionOneWaiting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a wait bound far beyond the test's, so that only the queue's length sheds here (GatewayWaitBudgetTest has the bound)
            return Map.of("gateway.max-connections-per-service", "1", "gateway.max-waiting-per-service", "1",
                    "gateway.max-wait-per-call", "60s");
        }
    }

    @Test
    void aCallPastTheBoundedWaitQueueIsShedWith503AndTheQueuedOnesAreServed() throws Exception {
        List<Future<Response>> calls = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            calls.add(clients.submit(() -> given().get("/bookings/slow")));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (UpstreamResource.SLOW_CALLS.get() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            calls.add(clients.submit(() -> given().get("/bookings/slow")));
            Thread.sleep(500); // the second takes the one waiting place
            Response shed = given().get("/bookings/slow");
            assertEquals(503, shed.statusCode(), shed.asString());
            assertEquals("application/problem+json", shed.contentType());
            assertEquals("urn:anticorona:problem:service-unavailable", shed.jsonPath().getString("type"));
            assertTrue(Integer.parseInt(shed.header("Retry-After")) >= 1, shed.header("Retry-After"));
            assertEquals(1, UpstreamResource.SLOW_CALLS.get(), "the shed call never reached the service");
            UpstreamResource.SLOW_RELEASE.countDown();
            for (Future<Response> call : calls) {
                assertEquals(200, call.get().statusCode());
            }
        }
    }
}
