package io.anticorona.vaccine.imports;

import java.util.List;

/** What one import did: shipments applied, shipments seen before, and each rejected row with its file line. */
public record ImportReport(int applied, int duplicates, List<Rejection> rejected) {

    public record Rejection(long line, String reason) {
    }
}
