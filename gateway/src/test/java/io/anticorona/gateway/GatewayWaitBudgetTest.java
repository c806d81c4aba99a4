package io.anticorona.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
 * A call waits for a connection to a busy service at most {@code gateway.max-wait-per-call}: then it is answered 503
 * problem+json with Retry-After from the gateway, and it never reaches the service, even though a place in the queue
 * was free. Without the bound it would wait until the service freed its connection (here: never, within the test).
 */
@QuarkusTest
@WithTestResource(UpstreamResource.class)
@TestProfile(GatewayWaitBudgetTest.OneConnectionOneSecond.class)
class GatewayWaitBudgetTest {

    public static class OneConnectionOneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.max-connections-per-service", "1", "gateway.max-waiting-per-service", "10",
                    "gateway.max-wait-per-call", "1s");
        }
    }

    @Test
    void aCallThatWaitedItsWholeBudgetForAConnectionIsShedWith503AndNeverReachesTheService() throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                Future<Response> holder = clients.submit(() -> given().get("/bookings/stuck"));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (UpstreamResource.STUCK_CALLS.get() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(1, UpstreamResource.STUCK_CALLS.get(), "the first call holds the one connection");

                // Without the bound this call would wait for the held connection: the get's limit only ends the test sooner.
                Response shed = clients.submit(() -> given().get("/bookings/stuck")).get(20, TimeUnit.SECONDS);
                assertEquals(503, shed.statusCode(), shed.asString());
                assertEquals("application/problem+json", shed.contentType());
                assertEquals("urn:anticorona:problem:service-unavailable", shed.jsonPath().getString("type"));
                assertTrue(shed.jsonPath().getString("detail").contains("nothing was done"), shed.asString());
                assertEquals("1", shed.header("Retry-After"), "the longest wait, while the service answered nothing");
                assertEquals(1, UpstreamResource.STUCK_CALLS.get(), "the shed call never reached the service");

                UpstreamResource.STUCK_RELEASE.countDown();
                assertEquals(200, holder.get().statusCode());
            } finally {
                UpstreamResource.STUCK_RELEASE.countDown();
            }
        }
    }
}
