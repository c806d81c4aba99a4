package io.anticorona.vaccine.rest;

import jakarta.annotation.security.RolesAllowed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.anticorona.common.problem.ProblemException;
import io.anticorona.vaccine.config.ImportConfig;
import io.anticorona.vaccine.imports.FileReport;
import io.anticorona.vaccine.imports.ImportReport;
import io.anticorona.vaccine.imports.ShipmentImporter;
import io.anticorona.vaccine.imports.ShipmentInbox;
import io.anticorona.common.security.Roles;
import io.smallrye.common.annotation.RunOnVirtualThread;

@Path("/vaccines/imports")
@Tag(name = "imports")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
@RolesAllowed(Roles.VACCINE_ADMIN)
public class ImportResource {

    public static final String TEXT_CSV = "text/csv";

    private final ShipmentImporter importer;
    private final ShipmentInbox inbox;
    private final ImportConfig config;

    public ImportResource(ShipmentImporter importer, ShipmentInbox inbox, ImportConfig config) {
        this.importer = importer;
        this.inbox = inbox;
        this.config = config;
    }

    @POST
    @Consumes(TEXT_CSV)
    @Operation(summary = "Imports stock from a shipment CSV file (shipmentId,vaccineName,quantity); each shipment applies once")
    public ImportReport importCsv(InputStream body) {
        int maxSize = (int) Math.min(config.maxSize().asLongValue(), Integer.MAX_VALUE - 16);
        byte[] csv;
        try {
            csv = body.readNBytes(maxSize + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (csv.length > maxSize) {
            throw new ProblemException(413, "import-too-large", "Import too large",
                    "An import may be at most " + maxSize + " bytes; split the file");
        }
        return importer.importCsv(csv);
    }

    @POST
    @Path("/inbox")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Imports the settled shipment files in the inbox folder now (e.g. from a Knative PingSource)")
    public List<FileReport> importInbox() {
        return inbox.importSettledFiles();
    }
}
