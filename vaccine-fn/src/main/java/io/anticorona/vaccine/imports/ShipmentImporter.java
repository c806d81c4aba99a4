package io.anticorona.vaccine.imports;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.anticorona.common.problem.ProblemException;
import io.anticorona.vaccine.config.ImportConfig;
import io.anticorona.vaccine.imports.ImportReport.Rejection;
import io.anticorona.vaccine.imports.ShipmentService.Outcome;

/**
 * Imports a shipment file row by row, each row in its own transaction: a bad row is rejected on its own, the others
 * still apply, and a shipment id seen before (in any file) is a duplicate. Importing the same file again, in whole
 * or after a crash part-way, applies exactly the shipments still missing.
 */
@ApplicationScoped
public class ShipmentImporter {

    private static final Logger LOG = Logger.getLogger(ShipmentImporter.class);

    static final int MAX_ID_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_QUANTITY = 1_000_000;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
    private static final String UNIQUE_VIOLATION = "23505";

    private final ShipmentService shipments;
    private final ImportConfig config;

    public ShipmentImporter(ShipmentService shipments, ImportConfig config) {
        this.shipments = shipments;
        this.config = config;
    }

    /** Imports a whole file; throws a 400 or 413 problem, before applying anything, if it cannot be read. */
    public ImportReport importCsv(byte[] csv) {
        List<ShipmentCsv.Row> rows = ShipmentCsv.read(csv, config.maxRows());
        int applied = 0;
        int duplicates = 0;
        List<Rejection> rejected = new ArrayList<>();
        for (ShipmentCsv.Row row : rows) {
            String reason = invalidBecause(row);
            if (reason != null) {
                rejected.add(new Rejection(row.line(), reason));
                continue;
            }
            try {
                if (apply(lineOf(row)) == Outcome.DUPLICATE) {
                    duplicates++;
                } else {
                    applied++;
                }
            } catch (ProblemException e) {
                rejected.add(new Rejection(row.line(), e.getMessage()));
            }
        }
        LOG.infof("Imported shipments: %d applied, %d duplicates, %d rejected", applied, duplicates, rejected.size());
        return new ImportReport(applied, duplicates, rejected);
    }

    private Outcome apply(ShipmentLine line) {
        try {
            return applyOnce(line);
        } catch (RuntimeException e) {
            if (!registeredConcurrently(e)) {
                throw e;
            }
            // A concurrent import registered this vaccine first; now this one finds it and adds to it.
            return applyOnce(line);
        }
    }

    private Outcome applyOnce(ShipmentLine line) {
        try {
            return shipments.apply(line);
        } catch (ShipmentService.AlreadyApplied concurrentDuplicate) {
            return Outcome.DUPLICATE;
        }
    }

    /** Why a row cannot be a shipment, or null if it can. */
    static String invalidBecause(ShipmentCsv.Row row) {
        List<String> values = row.values();
        if (values.size() != ShipmentCsv.HEADER.size()) {
            return "expected 3 columns (shipmentId,vaccineName,quantity), found " + values.size();
        }
        String id = values.get(0).strip();
        String name = values.get(1).strip();
        String quantity = values.get(2).strip();
        if (id.isEmpty()) {
            return "shipmentId is missing";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "shipmentId is longer than " + MAX_ID_LENGTH + " characters";
        }
        if (name.isEmpty()) {
            return "vaccineName is missing";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "vaccineName is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (quantity.isEmpty()) {
            return "quantity is missing";
        }
        if (!WHOLE_NUMBER.matcher(quantity).matches()) {
            return "quantity " + quoted(quantity) + " is not a whole number";
        }
        BigInteger doses = new BigInteger(quantity);
        if (doses.compareTo(BigInteger.ONE) < 0 || doses.compareTo(BigInteger.valueOf(MAX_QUANTITY)) > 0) {
            return "quantity " + quoted(quantity) + " is not between 1 and " + MAX_QUANTITY;
        }
        return null;
    }

    private static ShipmentLine lineOf(ShipmentCsv.Row row) {
        List<String> values = row.values();
        return new ShipmentLine(values.get(0).strip(), values.get(1).strip(), Integer.parseInt(values.get(2).strip()));
    }

    private static String quoted(String value) {
        return "'" + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'";
    }

    /** The vaccine was unknown when this transaction looked, but another one registered it before this one could. */
    private static boolean registeredConcurrently(RuntimeException e) {
        if (e instanceof ProblemException problem) {
            return problem.problem().type().endsWith(":vaccine-exists");
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
