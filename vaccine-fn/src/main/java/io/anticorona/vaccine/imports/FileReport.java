package io.anticorona.vaccine.imports;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.anticorona.vaccine.imports.ImportReport.Rejection;

/**
 * What the inbox scan did with one file: {@code processed} (imported, moved to processed/), {@code failed} (not a
 * shipment file at all, moved to failed/) or {@code deferred} (left in the inbox for the next scan).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record FileReport(String file, String status, String movedTo, Integer applied, Integer duplicates,
        List<Rejection> rejected, String error) {

    public static final String PROCESSED = "processed";
    public static final String FAILED = "failed";
    public static final String DEFERRED = "deferred";

    static FileReport processed(String file, String movedTo, ImportReport report) {
        return new FileReport(file, PROCESSED, movedTo, report.applied(), report.duplicates(), report.rejected(), null);
    }

    static FileReport failed(String file, String movedTo, String error) {
        return new FileReport(file, FAILED, movedTo, null, null, null, error);
    }

    static FileReport deferred(String file, String error) {
        return new FileReport(file, DEFERRED, null, null, null, null, error);
    }
}
