package io.anticorona.vaccine;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.vaccine.ImportApi.HEADER;
import static io.anticorona.vaccine.ImportApi.importCsv;
import static io.anticorona.vaccine.ImportApi.stockOf;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ImportBadInputTest {

    private static final String SHIPMENT = "bad-input-shipment";
    private static String name;

    @BeforeEach
    void registerOneVaccine() {
        if (name == null) {
            name = uniqueName("Existing");
            register(name, 10);
        }
    }

    static Stream<Arguments> unreadableFiles() {
        String row = SHIPMENT + ",{name},5\n";
        return Stream.of(
                bad("empty body", "", 400, "empty"),
                bad("blank body", " \n\n", 400, "empty"),
                bad("no header", row, 400, "header"),
                bad("wrong header", "id,name,qty\n" + row, 400, "header"),
                bad("header with a column too many", "shipmentId,vaccineName,quantity,note\n" + row, 400, "header"),
                bad("header only partly there", "shipmentId,vaccineName\n" + row, 400, "header"),
                bad("an unclosed quote", HEADER + row + "\"x,y,1\n" + row, 400, "not valid CSV"),
                bad("a stray quote", HEADER + row + "\"x\"y,z,1\n", 400, "not valid CSV"),
                bad("too many rows", HEADER + row.repeat(10_001), 413, "at most 10000 rows"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableFiles")
    void aFileThatCannotBeReadIsAProblemAndAppliesNothing(String why, String csv, int status, String detail) {
        importCsv(csv.replace("{name}", name)).statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status), "title", not(emptyOrNullString()), "detail", containsString(detail));
        assertNothingApplied();
    }

    @Test
    void aBodyThatIsNotUtf8IsAProblem() {
        byte[] latin1 = (HEADER + SHIPMENT + ",Caf\u00e9 " + name + ",5\n").getBytes(StandardCharsets.ISO_8859_1);
        VaccineApi.asAdmin().contentType("text/csv").body(latin1).post("/vaccines/imports")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("UTF-8"));
    }

    @Test
    void aBodyPastTheSizeLimitIsTooLarge() {
        String big = HEADER + (SHIPMENT + "," + name + ",1," + "x".repeat(1000) + "\n").repeat(4_300);
        importCsv(big).statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        assertNothingApplied();
    }

    @Test
    void anotherContentTypeIsUnsupported() {
        String csv = HEADER + SHIPMENT + "," + name + ",5\n";
        for (String type : new String[] { "application/json", "text/plain", "application/octet-stream" }) {
            VaccineApi.asAdmin().contentType(type).body(csv.getBytes(StandardCharsets.UTF_8)).post("/vaccines/imports")
                    .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        }
        assertNothingApplied();
    }

    @Test
    void aHeaderWithoutRowsImportsNothing() {
        importCsv(HEADER).statusCode(200).body("applied", equalTo(0), "duplicates", equalTo(0), "rejected.size()", equalTo(0));
    }

    private static void assertNothingApplied() {
        assertEquals(10, stockOf(name));
        assertEquals(null, ShipmentImportTest.shipmentRecord(SHIPMENT));
    }

    private static Arguments bad(String why, String csv, int status, String detail) {
        return Arguments.of(why, csv, status, detail);
    }
}
