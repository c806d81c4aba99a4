package io.anticorona.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.URL;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.anticorona.gateway.proxy.RouteTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * In the cluster (profile knative) the gateway is the public address: nothing under /q/ but the health probes answers
 * on its port, neither its own metrics nor a function's /q/ through a route, while Knative's probes still get
 * /q/health there. Its metrics are on the management interface, a port of its own.
 */
@QuarkusTest
@TestProfile(KnativeProfile.class)
@WithTestResource(UpstreamResource.class)
class ManagementEndpointsTest {

    // Relative to the management interface's root path (/q).
    @TestHTTPResource(value = "metrics", management = true)
    URL managementMetrics;

    @Test
    void metricsAreNotServedOnThePublicPort() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/metrics/").then().statusCode(404);
    }

    @Test
    void theHealthProbesStayOnThePublicPortForKnative() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreServedOnTheManagementInterface() {
        given().get(managementMetrics).then().statusCode(200).body(containsString("http_server_requests_seconds"));
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
            response.then().statusCode(404);
            assertFalse(body.contains("\"status\":\"UP\""), path + " answered health");
            assertFalse(body.contains("# TYPE"), path + " answered metrics");
        }
    }

    @Test
    void anUnroutedQPathIsTheGatewaysNotFoundProblem() {
        given().contentType("application/json").body("{}").post("/q/metrics")
                .then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
    }
}
