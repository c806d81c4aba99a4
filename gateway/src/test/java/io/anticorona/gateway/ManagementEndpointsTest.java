package io.anticorona.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.anticorona.gateway.proxy.RouteTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * In the cluster (profile knative) the gateway is the public address: nothing under /q/ answers on its port, neither
 * its own metrics and health nor a function's /q/ through a route. Its metrics and health are on the management
 * interface, a port of its own (Knative's probes of the gateway are TCP connects to the public port).
 */
@QuarkusTest
@TestProfile(KnativeProfile.class)
@WithTestResource(UpstreamResource.class)
class ManagementEndpointsTest {

    private static final String MANAGEMENT = "http://localhost:" + KnativeProfile.MANAGEMENT_PORT + "/q/";

    /** Whatever the gateway serves itself under /q/, the public port answers with its not-found problem. */
    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/metrics/", "/q/health", "/q/health/", "/q/health/live",
            "/q/health/ready", "/q/health/started", "/q/health-ui", "/q/openapi", "/q/dev-ui", "/q", "/q/" })
    void nothingUnderQIsServedOnThePublicPort(String path) {
        given().get(path).then().statusCode(404).contentType("application/problem+json")
                .body(equalTo(RouteTable.NOT_FOUND));
    }

    @Test
    void metricsAreServedOnTheManagementInterface() {
        given().get(MANAGEMENT + "metrics").then().statusCode(200).body(containsString("http_server_requests_seconds"));
    }

    @Test
    void healthIsServedOnTheManagementInterface() {
        given().get(MANAGEMENT + "health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get(MANAGEMENT + "health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** However a path is spelt, no routed prefix leads to a function's /q/ (its metrics, health or OpenAPI). */
    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/openapi", "/vaccines/../q/metrics", "/bookings/%2e%2e/q/metrics",
            "/bookings/%2E%2E/q/openapi", "/mypages/./../q/openapi", "/vaccines/..;/q/metrics",
            "/vaccines/..%2fq/metrics", "//q/metrics", "/bookings/../../q/metrics" })
    void noSpellingOfAQPathReachesAFunction(String path) {
        Response response = given().urlEncodingEnabled(false).get(path);
        String body = response.asString();
        if (body.startsWith("GET ")) {
            // Forwarded: the function must not read it as one of its /q/ paths.
            String forwarded = body.substring(4);
            String asTheFunctionReadsIt = URI.create(forwarded).normalize().getPath();
            assertFalse(asTheFunctionReadsIt.startsWith("/q/") || asTheFunctionReadsIt.equals("/q"),
                    path + " reached the function as " + forwarded);
        } else {
            response.then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
        }
    }

    @Test
    void anUnroutedQPathIsTheGatewaysNotFoundProblem() {
        given().contentType("application/json").body("{}").post("/q/metrics")
                .then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
    }
}
