package io.anticorona.vaccine;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import static io.anticorona.vaccine.VaccineApi.asAdmin;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class VaccineResourceTest {

    @Test
    void registeringAVaccineAnswersCreatedWithItsLocationAndAvailability() {
        String name = uniqueName("Pfizer");
        ExtractableResponse<Response> created = asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"stock\":100}")
                .post("/vaccines")
                .then().statusCode(201)
                .body("name", equalTo(name), "stock", equalTo(100), "reserved", equalTo(0), "available", equalTo(100))
                .extract();
        assertEquals("/vaccines/" + created.path("id"), URI.create(created.header("Location")).getPath());
    }

    @Test
    void aNameThatExistsInAnyCaseIsAConflict() {
        String name = uniqueName("Moderna");
        register(name, 10);
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"" + name.toUpperCase() + "\",\"stock\":5}")
                .post("/vaccines")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("vaccine-exists"), "status", equalTo(409));
    }

    @Test
    void addingStockRaisesStockAndAvailability() {
        long id = register(uniqueName("Novavax"), 10);
        asAdmin().contentType(ContentType.JSON).body("{\"quantity\":50}")
                .post("/vaccines/" + id + "/stock")
                .then().statusCode(200).body("stock", equalTo(60), "available", equalTo(60));
    }

    @Test
    void listingShowsRegisteredVaccines() {
        String name = uniqueName("Janssen");
        register(name, 1);
        given().get("/vaccines").then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void anUnknownVaccineIsNotFound() {
        given().get("/vaccines/999999").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404), "detail", equalTo("No vaccine with id 999999"));
    }
}
