package io.anticorona.common.problem;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Bad input is answered with problem+json and a 4xx naming what was wrong, never with a 500 or an HTML page. */
@QuarkusTest
class ProblemMappersTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String TYPE = "urn:anticorona:problem:";

    @Test
    void aBodyThatIsNotJsonIsAnInvalidRequest() {
        post("{\"name\":\"a\",").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "invalid-request"), "status", equalTo(400),
                        "detail", equalTo("The body is not valid JSON"));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        post("{\"name\":\"a\",\"quantity\":\"10\"}").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "invalid-request"), "violations.field", contains("quantity"));
        post("{\"name\":\"a\",\"quantity\":1.5}").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("quantity"));
    }

    @Test
    void everyInvalidFieldIsListedInOrder() {
        post("{\"name\":\" \",\"quantity\":0}").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "invalid-request"), "violations.field", contains("name", "quantity"));
    }

    @Test
    void aMissingBodyIsAnInvalidRequest() {
        given().contentType(ContentType.JSON).post("/things").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "invalid-request"));
    }

    @Test
    void anUnknownIdIsNotFound() {
        given().get("/things/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "not-found"), "title", equalTo("Thing not found"));
    }

    @Test
    void anIdThatIsNoUuidIsNotFound() {
        given().get("/things/not-a-uuid").then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
    }

    @Test
    void theWrongMethodOrMediaTypeIsAProblemToo() {
        given().delete("/things/" + UUID.randomUUID()).then().statusCode(405).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "method-not-allowed"));
        given().contentType(ContentType.TEXT).body("name=a").post("/things").then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "unsupported-media-type"));
    }

    @Test
    void aCallWithoutAValidTokenIs401WithAChallenge() {
        given().get("/things/mine").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", notNullValue()).body("type", equalTo(TYPE + "unauthorized"));
        given().auth().oauth2("not-a-token").get("/things/mine").then().statusCode(401).contentType(PROBLEM)
                .body("type", equalTo(TYPE + "unauthorized"));
    }

    @Test
    void aFullBulkheadIs503WithRetryAfter() {
        given().get("/things/busy").then().statusCode(503).contentType(PROBLEM)
                .header("Retry-After", equalTo("1")).body("type", equalTo(TYPE + "overloaded"));
    }

    private static io.restassured.response.Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/things");
    }
}
