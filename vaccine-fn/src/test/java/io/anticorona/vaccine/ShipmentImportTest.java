package io.anticorona.vaccine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.vaccine.service.Vaccine;
import io.anticorona.vaccine.service.VaccineService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static io.anticorona.vaccine.ImportApi.HEADER;
import static io.anticorona.vaccine.ImportApi.importCsv;
import static io.anticorona.vaccine.ImportApi.shipment;
import static io.anticorona.vaccine.ImportApi.stockOf;
import static io.anticorona.vaccine.ImportApi.vaccineNamed;
import static io.anticorona.vaccine.ReservationTest.concurrently;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ShipmentImportTest {

    private KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers());
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void theSameFileImportedTwiceAppliesEachShipmentOnce() {
        String name = uniqueName("Pfizer");
        register(name, 10);
        String csv = HEADER + rows(name, shipment("A"), 5, shipment("B"), 7, shipment("C"), 11);

        importCsv(csv).statusCode(200).body("applied", equalTo(3), "duplicates", equalTo(0), "rejected", empty());
        assertEquals(33, stockOf(name));

        importCsv(csv).statusCode(200).body("applied", equalTo(0), "duplicates", equalTo(3), "rejected", empty());
        assertEquals(33, stockOf(name));
    }

    @Test
    void aShipmentTwiceInOneFileOrInAnotherFileIsADuplicate() {
        String name = uniqueName("Moderna");
        register(name, 0);
        String repeated = shipment("R");
        importCsv(HEADER + rows(name, repeated, 4, shipment("S"), 6, repeated, 4, repeated, 9))
                .statusCode(200).body("applied", equalTo(2), "duplicates", equalTo(2));
        assertEquals(10, stockOf(name));

        importCsv(HEADER + rows(name, repeated, 100)).statusCode(200).body("applied", equalTo(0), "duplicates", equalTo(1));
        assertEquals(10, stockOf(name));
    }

    @Test
    void badRowsAreRejectedWithTheirLineAndReasonWhileGoodRowsApply() {
        String name = uniqueName("Novavax");
        String limited = uniqueName("Limited");
        register(name, 100);
        long limitedId = register(limited, 0);
        setStock(limitedId, VaccineService.MAX_STOCK - 5);
        String badQuantity = shipment("bad-quantity");
        String pastTheLimit = shipment("past-limit");
        String csv = HEADER                                                       // line 1
                + shipment("good") + "," + name + ",10\n"                         // 2 applied
                + "," + name + ",5\n"                                             // 3
                + shipment("x") + ",,5\n"                                         // 4
                + shipment("x") + "," + "n".repeat(101) + ",5\n"                  // 5
                + badQuantity + "," + name + ",ten\n"                             // 6
                + shipment("x") + "," + name + ",0\n"                             // 7
                + shipment("x") + "," + name + ",1000001\n"                       // 8
                + shipment("x") + "," + name + ",2.5\n"                           // 9
                + shipment("x") + "," + name + "\n"                               // 10
                + shipment("x") + "," + name + ",5,extra\n"                       // 11
                + "\n"                                                            // 12 blank: skipped
                + shipment("x") + ",\"two\nlines\",-3\n"                          // 13-14
                + pastTheLimit + "," + limited + ",10\n"                          // 15
                + shipment("good") + ",\"" + name + "\",7\n";                     // 16 applied

        JsonPath report = importCsv(csv).statusCode(200).extract().jsonPath();

        assertEquals(2, report.getInt("applied"));
        assertEquals(0, report.getInt("duplicates"));
        Map<Integer, String> reasons = new java.util.TreeMap<>();
        for (Map<String, Object> rejection : report.<Map<String, Object>> getList("rejected")) {
            reasons.put((Integer) rejection.get("line"), (String) rejection.get("reason"));
        }
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15), List.copyOf(reasons.keySet()), reasons::toString);
        assertReason(reasons, 3, "shipmentId is missing");
        assertReason(reasons, 4, "vaccineName is missing");
        assertReason(reasons, 5, "longer than 100 characters");
        assertReason(reasons, 6, "'ten' is not a whole number");
        assertReason(reasons, 7, "not between 1 and 1000000");
        assertReason(reasons, 8, "not between 1 and 1000000");
        assertReason(reasons, 9, "'2.5' is not a whole number");
        assertReason(reasons, 10, "expected 3 columns");
        assertReason(reasons, 11, "found 4");
        assertReason(reasons, 13, "not between 1 and 1000000");
        assertReason(reasons, 15, "past " + VaccineService.MAX_STOCK);

        assertEquals(117, stockOf(name));
        assertEquals(VaccineService.MAX_STOCK - 5, stockOf(limited));
        assertNull(vaccineNamed("two\nlines"));
        // Rejected rows left nothing behind: their shipment ids are still free, and apply once corrected.
        assertNull(shipmentRecord(pastTheLimit));
        assertNull(shipmentRecord(badQuantity));
        importCsv(HEADER + rows(limited, pastTheLimit, 5) + rows(name, badQuantity, 3))
                .statusCode(200).body("applied", equalTo(2), "duplicates", equalTo(0), "rejected", empty());
        assertEquals(VaccineService.MAX_STOCK, stockOf(limited));
        assertEquals(120, stockOf(name));
    }

    @Test
    void anUnknownVaccineIsRegisteredWithVaccineRegisteredAndAKnownOneGetsStockAdded() {
        String known = uniqueName("Janssen");
        long knownId = register(known, 2);
        String unknown = uniqueName("Sputnik");

        importCsv(HEADER + rows(unknown, shipment("new"), 40) + rows(known, shipment("more"), 8) + rows(unknown.toUpperCase(), shipment("again"), 2))
                .statusCode(200).body("applied", equalTo(3), "rejected", empty());

        Vaccine registered = vaccineNamed(unknown);
        assertNotNull(registered);
        assertEquals(unknown, registered.name);
        assertEquals(42, registered.stock);
        assertEquals(10, stockOf(known));
        ConsumerRecord<String, String> registeredEvent = awaitEvent(registered.id, "VaccineRegistered");
        assertTrue(registeredEvent.value().contains("\"name\":\"" + unknown + "\""), registeredEvent.value());
        assertTrue(registeredEvent.value().contains("\"stock\":40"), registeredEvent.value());
        assertTrue(awaitEvent(registered.id, "StockAdded").value().contains("\"quantity\":2"));
        ConsumerRecord<String, String> stockAdded = awaitEvent(knownId, "StockAdded");
        assertTrue(stockAdded.value().contains("\"quantity\":8"), stockAdded.value());
        assertTrue(stockAdded.value().contains("\"stock\":10"), stockAdded.value());
    }

    @Test
    void importingAFileAgainAfterACrashPartWayAppliesExactlyTheMissingShipments() {
        String name = uniqueName("AstraZeneca");
        register(name, 0);
        List<String> ids = List.of(shipment("1"), shipment("2"), shipment("3"), shipment("4"), shipment("5"));
        int[] quantities = { 1, 2, 4, 8, 16 };
        StringBuilder whole = new StringBuilder(HEADER);
        for (int i = 0; i < ids.size(); i++) {
            whole.append(ids.get(i)).append(',').append(name).append(',').append(quantities[i]).append('\n');
        }
        // The first run committed shipments 1 and 3 and then the process died.
        importCsv(HEADER + rows(name, ids.get(0), 1, ids.get(2), 4)).statusCode(200).body("applied", equalTo(2));

        importCsv(whole.toString()).statusCode(200)
                .body("applied", equalTo(3), "duplicates", equalTo(2), "rejected", empty());

        assertEquals(31, stockOf(name));
        for (String id : ids) {
            assertNotNull(shipmentRecord(id), id);
        }
    }

    @Test
    void concurrentImportsOfOneFileApplyEachShipmentOnceAndRegisterEachVaccineOnce() throws Exception {
        // Every other row names a vaccine not seen yet, so the imports race to register it as well.
        String base = uniqueName("Sinovac");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(shipment("c" + i) + "," + base + "-" + (i / 2) + "," + (i + 1));
        }
        String csv = HEADER + String.join("\n", rows);

        List<JsonPath> reports = concurrently(6, () -> importCsv(csv).statusCode(200).extract().jsonPath());

        assertEquals(30, reports.stream().mapToInt(r -> r.getInt("applied")).sum());
        assertEquals(150, reports.stream().mapToInt(r -> r.getInt("duplicates")).sum());
        reports.forEach(r -> assertEquals(List.of(), r.getList("rejected")));
        for (int n = 0; n < 15; n++) {
            assertEquals((2 * n + 1) + (2 * n + 2), stockOf(base + "-" + n), "vaccine " + n);
        }
    }

    private static void assertReason(Map<Integer, String> reasons, int line, String part) {
        assertTrue(reasons.get(line).contains(part), () -> "line " + line + ": " + reasons.get(line));
    }

    static String rows(String name, Object... idsAndQuantities) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < idsAndQuantities.length; i += 2) {
            csv.append(idsAndQuantities[i]).append(',').append(name).append(',').append(idsAndQuantities[i + 1]).append('\n');
        }
        return csv.toString();
    }

    static void setStock(long vaccineId, int stock) {
        InfrastructureResource.row("update vaccine set stock = ? where id = ? returning id", stock, vaccineId);
    }

    /** The shipment's row (its vaccine), or null: read over JDBC, so that this runs against the executable too. */
    static Map<String, Object> shipmentRecord(String shipmentId) {
        return InfrastructureResource.row("select vaccine_id from shipment where shipment_id = ?", shipmentId);
    }

    private ConsumerRecord<String, String> awaitEvent(long vaccineId, String type) {
        String key = String.valueOf(vaccineId);
        return await().atMost(Duration.ofSeconds(20)).until(() -> kafka.consumeStrings()
                .fromTopics("vaccine-events", Duration.ofSeconds(1)).awaitCompletion().getRecords().stream()
                .filter(r -> key.equals(r.key()) && type.equals(header(r, "ce_type")))
                .findFirst().orElse(null), r -> r != null);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
