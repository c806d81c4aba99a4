package io.anticorona.vaccine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.anticorona.vaccine.imports.ShipmentInbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static io.anticorona.vaccine.ImportApi.HEADER;
import static io.anticorona.vaccine.ImportApi.shipment;
import static io.anticorona.vaccine.ImportApi.stockOf;
import static io.anticorona.vaccine.ShipmentImportTest.rows;
import static io.anticorona.vaccine.VaccineApi.register;
import static io.anticorona.vaccine.VaccineApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ShipmentInboxTest {

    @Inject
    ShipmentInbox shipmentInbox;

    private Path inbox;
    private Path processed;
    private Path failed;

    @BeforeEach
    void emptyFolders() throws IOException {
        inbox = shipmentInbox.inbox();
        processed = inbox.resolveSibling("processed");
        failed = inbox.resolveSibling("failed");
        for (Path folder : List.of(inbox, processed, failed)) {
            deleteRecursively(folder);
        }
    }

    @Test
    void aSettledFileIsImportedAndMovedToProcessedWithItsReport() throws IOException {
        String name = uniqueName("Pfizer");
        register(name, 1);
        settled(write("delivery.csv", HEADER + rows(name, shipment("a"), 10, shipment("b"), 20) + "x,,1\n"));

        JsonPath reports = importInbox();

        assertEquals(1, reports.getList("$").size());
        assertEquals("delivery.csv", reports.getString("[0].file"));
        assertEquals("processed", reports.getString("[0].status"));
        assertEquals("processed/delivery.csv", reports.getString("[0].movedTo"));
        assertEquals(2, reports.getInt("[0].applied"));
        assertEquals(4, reports.getInt("[0].rejected[0].line"));
        assertEquals(31, stockOf(name));
        assertFalse(Files.exists(inbox.resolve("delivery.csv")));
        assertTrue(Files.isRegularFile(processed.resolve("delivery.csv")));
        JsonPath report = JsonPath.from(Files.readString(processed.resolve("delivery.csv.report.json")));
        assertEquals("processed", report.getString("status"));
        assertEquals(2, report.getInt("applied"));
        assertEquals(0, report.getInt("duplicates"));
        assertEquals("vaccineName is missing", report.getString("rejected[0].reason"));
    }

    @Test
    void theSameFileDroppedAgainIsKeptUnderANewNameAndAppliesNothing() throws IOException {
        String name = uniqueName("Moderna");
        register(name, 0);
        String csv = HEADER + rows(name, shipment("once"), 5);
        settled(write("daily.csv", csv));
        importInbox();
        settled(write("daily.csv", csv));

        JsonPath reports = importInbox();

        assertEquals("processed/daily-1.csv", reports.getString("[0].movedTo"));
        assertEquals(0, reports.getInt("[0].applied"));
        assertEquals(1, reports.getInt("[0].duplicates"));
        assertEquals(5, stockOf(name));
        assertTrue(Files.isRegularFile(processed.resolve("daily.csv.report.json")));
        assertTrue(Files.isRegularFile(processed.resolve("daily-1.csv.report.json")));
    }

    @Test
    void aFileThatIsNoShipmentFileMovesToFailedWithTheReason() throws IOException {
        settled(write("wrong.csv", "id;name;qty\n1;X;5\n"));

        JsonPath reports = importInbox();

        assertEquals("failed", reports.getString("[0].status"));
        assertEquals("failed/wrong.csv", reports.getString("[0].movedTo"));
        assertTrue(Files.isRegularFile(failed.resolve("wrong.csv")));
        JsonPath report = JsonPath.from(Files.readString(failed.resolve("wrong.csv.report.json")));
        assertTrue(report.getString("error").contains("header"), report.getString("error"));
        assertFalse(Files.exists(inbox.resolve("wrong.csv")));
    }

    @Test
    void aFileStillBeingWrittenIsLeftAloneUntilItSettlesThenImportedWhole() throws IOException {
        String name = uniqueName("Novavax");
        register(name, 0);
        Path file = write("growing.csv", HEADER + rows(name, shipment("first"), 1, shipment("second"), 2));

        // Just written: not settled, so the scan leaves it where it is, unread.
        assertEquals(0, importInbox().getList("$").size());
        assertTrue(Files.exists(file));
        assertEquals(0, stockOf(name));

        Files.writeString(file, rows(name, shipment("third"), 4), StandardOpenOption.APPEND);
        assertEquals(0, importInbox().getList("$").size());
        settled(file);

        JsonPath reports = importInbox();
        assertEquals(3, reports.getInt("[0].applied"));
        assertEquals(7, stockOf(name));
        assertTrue(Files.isRegularFile(processed.resolve("growing.csv")));
    }

    @Test
    void aPartFileIsNeverReadAndItsRenamedFileIs() throws IOException {
        String name = uniqueName("Janssen");
        register(name, 0);
        Path part = settled(write("upload.csv.part", HEADER + rows(name, shipment("p"), 9)));

        assertEquals(0, importInbox().getList("$").size());
        assertTrue(Files.exists(part));
        assertEquals(0, stockOf(name));

        settled(Files.move(part, inbox.resolve("upload.csv")));
        assertEquals(1, importInbox().getInt("[0].applied"));
        assertEquals(9, stockOf(name));
    }

    @Test
    void filesAreImportedInNameOrderEachOnItsOwn() throws IOException {
        String name = uniqueName("Sinovac");
        register(name, 0);
        String shared = shipment("shared");
        settled(write("b.csv", HEADER + rows(name, shared, 1)));
        settled(write("a.csv", HEADER + rows(name, shared, 1) + rows(name, shipment("only-a"), 2)));
        settled(write("c.csv", "not,a,header\n"));

        JsonPath reports = importInbox();

        assertEquals(List.of("a.csv", "b.csv", "c.csv"), reports.getList("file"));
        assertEquals(List.of("processed", "processed", "failed"), reports.getList("status"));
        assertEquals(2, reports.getInt("[0].applied"));
        assertEquals(1, reports.getInt("[1].duplicates"));
        assertEquals(3, stockOf(name));
        try (Stream<Path> left = Files.list(inbox)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aPingFromTheEventDeliveryScansTheInboxAsTheClusterSchedulesIt() throws IOException {
        String name = uniqueName("Ping");
        register(name, 0);
        settled(write("ping.csv", HEADER + rows(name, shipment("ping"), 4)));
        VaccineApi.asEventing().contentType("application/json").header("ce-specversion", "1.0")
                .header("ce-id", java.util.UUID.randomUUID().toString()).header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/anticorona/pingsources/vaccine-shipment-import")
                .body("{\"job\":\"shipment-import\"}").post("/events").then().statusCode(202);
        assertEquals(4, stockOf(name));
        assertTrue(Files.isRegularFile(processed.resolve("ping.csv")));
    }

    private static JsonPath importInbox() {
        return VaccineApi.asAdmin().post("/vaccines/imports/inbox").then().statusCode(200).extract().jsonPath();
    }

    private Path write(String fileName, String content) throws IOException {
        Files.createDirectories(inbox);
        return Files.writeString(inbox.resolve(fileName), content, StandardCharsets.UTF_8);
    }

    /** Makes the file look as if its writer finished an hour ago: older than the tests' settle time. */
    private static Path settled(Path file) throws IOException {
        return Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
