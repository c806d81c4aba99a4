package io.anticorona.vaccine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.anticorona.vaccine.service.Vaccine;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** Small helpers for the stock import tests. */
final class ImportApi {

    static final String HEADER = "shipmentId,vaccineName,quantity\n";

    private ImportApi() {
    }

    static ValidatableResponse importCsv(String csv) {
        return VaccineApi.asAdmin().contentType("text/csv; charset=UTF-8").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/vaccines/imports").then();
    }

    /** A shipment id no other test uses. */
    static String shipment(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** As the import finds it (case and outer blanks aside), read over the API so that it works against the executable too. */
    static Vaccine vaccineNamed(String name) {
        List<Map<String, Object>> vaccines = given().get("/vaccines").then().statusCode(200).extract().jsonPath().getList("$");
        return vaccines.stream().filter(v -> name.strip().equalsIgnoreCase((String) v.get("name"))).findFirst()
                .map(ImportApi::vaccine).orElse(null);
    }

    private static Vaccine vaccine(Map<String, Object> json) {
        Vaccine vaccine = new Vaccine();
        vaccine.id = ((Number) json.get("id")).longValue();
        vaccine.name = (String) json.get("name");
        vaccine.stock = (Integer) json.get("stock");
        vaccine.reserved = (Integer) json.get("reserved");
        return vaccine;
    }

    static int stockOf(String name) {
        Vaccine vaccine = vaccineNamed(name);
        if (vaccine == null) {
            throw new AssertionError("No vaccine named " + name);
        }
        return vaccine.stock;
    }
}
