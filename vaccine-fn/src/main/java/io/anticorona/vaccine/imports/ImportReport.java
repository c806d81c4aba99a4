package io.anticorona.vaccine.imports;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** What one import did: shipments applied, shipments seen before, and each rejected row with its file line. */
@RegisterForReflection
public record ImportReport(int applied, int duplicates, List<Rejection> rejected) {

    @RegisterForReflection
    public record Rejection(long line, String reason) {
    }
}
