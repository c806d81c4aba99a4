package io.anticorona.vaccine.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Stock imports from shipment CSV files: over HTTP, and from an inbox folder on a schedule. */
@ConfigMapping(prefix = "anticorona.imports")
public interface ImportConfig {

    /** Whether the in-process schedule scans the inbox; {@code POST /vaccines/imports/inbox} works either way. */
    @WithDefault("true")
    boolean enabled();

    /** The folder scanned for {@code *.csv}; {@code processed/} and {@code failed/} are its siblings. */
    @WithDefault(".data/shipments/inbox")
    String inbox();

    /** A file is read only once it has not been modified for this long, so a file being written is left alone. */
    @WithDefault("2s")
    Duration settle();

    /** The most data rows one import may hold; more is 413. */
    @WithDefault("10000")
    int maxRows();

    /** The largest import, in bytes; more is 413. */
    @WithDefault("4M")
    MemorySize maxSize();
}
