package io.anticorona.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.anticorona.gateway.proxy.RouteTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(UpstreamResource.class)
class RouteTableTest {

    @Test
    void aRoutedPathReachesItsServiceWithPathAndQueryIntact() {
        given().get("/vaccines/42?verbose=true").then().statusCode(200).body(equalTo("GET /vaccines/42?verbose=true"));
    }

    @Test
    void retryAfterAndProblemJsonPassThroughUnchanged() {
        given().contentType("application/json").body("{}").post("/bookings")
                .then().statusCode(503)
                .header("Retry-After", "7")
                .contentType("application/problem+json")
                .body(equalTo(UpstreamResource.PROBLEM));
    }

    @Test
    void aServiceThatRefusesTheConnectionIsA503ProblemWithRetryAfterNeverA502() {
        given().get("/injections/worklist").then().statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/problem+json")
                .body("type", equalTo("urn:anticorona:problem:service-unavailable"), "status", equalTo(503));
        given().contentType("application/json").body("{}").post("/injections/x/complete").then().statusCode(503)
                .contentType("application/problem+json");
    }

    @Test
    void aPathOutsideTheRouteTableIsNotFound() {
        given().get("/admin").then().statusCode(404);
        given().get("/vaccinesX").then().statusCode(404);
        given().body("{}").post("/events").then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
        given().body("{}").post("/index.html").then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
    }

    @Test
    void theStockCheckBetweenFunctionsIsNeverRouted() {
        given().contentType("application/json").body("{}").post("/vaccines/1/reservations")
                .then().statusCode(404).contentType("application/problem+json").body(equalTo(RouteTable.NOT_FOUND));
        given().post("/vaccines/1/reservations/").then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
        given().post("/vaccines/1/./reservations").then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
        given().urlEncodingEnabled(false).post("/vaccines/1/%72eservations").then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
        given().urlEncodingEnabled(false).post("/vaccines/1/reservations;x").then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
        given().urlEncodingEnabled(false).post("/vaccines/1;v=2//reservations").then().statusCode(404).body(equalTo(RouteTable.NOT_FOUND));
        given().get("/vaccines/1").then().statusCode(200).body(equalTo("GET /vaccines/1"));
    }

    @Test
    void theAuthorizationHeaderPassesThroughUnchanged() {
        given().header("Authorization", "Bearer abc.def.ghi").get("/bookings/echo-authorization")
                .then().statusCode(200).body(equalTo("Bearer abc.def.ghi"));
    }

    @Test
    void serverSentEventsPassAtOnceUncompressed() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/mypages/alice/stream"))
                .header("Accept", "text/event-stream").header("Accept-Encoding", "gzip").build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Encoding").map("identity"::equals).orElse(true),
                response.headers().toString());
        Iterator<String> lines = response.body().iterator();
        assertEquals("event: mypage", lines.next());
        assertEquals("data: {\"n\":1}", lines.next());
        UpstreamResource.FIRST_EVENT_READ.countDown();
        assertEquals("", lines.next());
        // The upstream wrote the second event only after the first had arrived here: nothing buffered it on the way.
        assertEquals("event: mypage", lines.next());
        assertEquals("data: {\"n\":2}", lines.next());
        response.body().close();
    }
}
