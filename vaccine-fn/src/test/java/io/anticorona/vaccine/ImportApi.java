package io.anticorona.vaccine;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.anticorona.vaccine.service.Vaccine;
import io.quarkus.narayana.jta.QuarkusTransaction;
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

    static Vaccine vaccineNamed(String name) {
        return QuarkusTransaction.requiringNew().call(() -> Vaccine.findByName(name));
    }

    static int stockOf(String name) {
        Vaccine vaccine = vaccineNamed(name);
        if (vaccine == null) {
            throw new AssertionError("No vaccine named " + name);
        }
        return vaccine.stock;
    }
}
