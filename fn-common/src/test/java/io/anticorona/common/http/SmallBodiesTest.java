package io.anticorona.common.http;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small body reaches a blocking endpoint already read; a large or chunked one is streamed as before. */
@QuarkusTest
class SmallBodiesTest {

    @TestHTTPResource("/bodies")
    URI bodies;

    @Inject
    RequestFailures failures;

    @Test
    void aSmallBodyIsReadBeforeTheEndpointRuns() {
        given().contentType(ContentType.JSON).body(items(3)).post("/bodies").then().statusCode(200)
                .body("items", equalTo(3), "readBeforeTheEndpoint", equalTo(true));
    }

    @Test
    void aBodyOverTheLimitIsStreamedAndReadAllTheSame() {
        String body = items(2_000);
        assertTrue(body.length() > SmallBodies.MAX_BYTES);
        given().contentType(ContentType.JSON).body(body).post("/bodies").then().statusCode(200)
                .body("items", equalTo(2_000), "readBeforeTheEndpoint", equalTo(false));
    }

    @Test
    void aChunkedBodyIsStreamed() throws Exception {
        // A body of unknown length goes out chunked, without a Content-Length.
        HttpRequest request = HttpRequest.newBuilder(bodies).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(items(3).getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("{\"items\":3,\"readBeforeTheEndpoint\":false}", response.body());
    }

    @Test
    void anEmptyBodyIsAProblemNotAWait() {
        given().contentType(ContentType.JSON).body("").post("/bodies").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aClientThatHangsUpBeforeItsBodyArrivedIsNoFailedRequest() throws Exception {
        try (Socket client = new Socket(bodies.getHost(), bodies.getPort())) {
            client.getOutputStream().write(("POST /bodies HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"items\":[").getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> !failures.anyClosedConnection());
    }

    @Test
    void aMalformedSmallBodyIsStillAProblem() {
        given().contentType(ContentType.JSON).body("{\"items\":[").post("/bodies").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aMissingOrUnreadableLengthCountsAsLarge() {
        assertEquals(12, SmallBodies.declaredLength(" 12 "));
        assertEquals(Long.MAX_VALUE, SmallBodies.declaredLength(null));
        assertEquals(Long.MAX_VALUE, SmallBodies.declaredLength("twelve"));
        assertEquals(Long.MAX_VALUE, SmallBodies.declaredLength("-1"));
    }

    private static String items(int count) {
        return "{\"items\":[" + String.join(",", Collections.nCopies(count, "\"0123456789abcdefghij\"")) + "]}";
    }
}
