package io.anticorona.vaccine.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.anticorona.common.job.ScheduledJobs;
import io.anticorona.common.problem.ProblemException;
import io.anticorona.vaccine.config.ImportConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Imports the shipment files dropped into the inbox folder. Only {@code *.csv} files that have not been modified for
 * the settle time are read (a writer may also write {@code name.csv.part} and rename it when done); a file that
 * changes while it is read is left for the next scan. Each imported file moves to {@code processed/} (or
 * {@code failed/} when it is no shipment file at all) beside the inbox, with its report as
 * {@code <file>.report.json}. Shipments apply at most once, so reading a file again after a crash is harmless.
 */
@ApplicationScoped
public class ShipmentInbox implements ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(ShipmentInbox.class);

    static final String PROCESSED = "processed";
    static final String FAILED = "failed";
    private static final String EXTENSION = ".csv";
    private static final String REPORT_SUFFIX = ".report.json";

    private final ShipmentImporter importer;
    private final ImportConfig config;
    private final ObjectMapper json;
    /** One scan at a time in this process: the schedule and the HTTP trigger take turns. */
    private final ReentrantLock scanning = new ReentrantLock();

    public ShipmentInbox(ShipmentImporter importer, ImportConfig config, ObjectMapper json) {
        this.importer = importer;
        this.config = config;
        this.json = json;
    }

    @Scheduled(identity = "shipment-import", cron = "${anticorona.schedule.shipment-import}", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledImport() {
        if (!config.enabled() || !scanning.tryLock()) {
            return;
        }
        try {
            importOnce();
        } catch (RuntimeException e) {
            LOG.warnf("Shipment inbox scan failed, will retry: %s", e.toString());
        } finally {
            scanning.unlock();
        }
    }

    /** In the cluster a PingSource runs the scan ({@code {"job": "shipment-import"}} at POST /events). */
    @Override
    public Map<String, Runnable> jobs() {
        return Map.of("shipment-import", this::importSettledFiles);
    }

    /** Imports the settled files of the inbox once (waiting for an import under way to finish), a report per file. */
    public List<FileReport> importSettledFiles() {
        scanning.lock();
        try {
            return importOnce();
        } finally {
            scanning.unlock();
        }
    }

    public Path inbox() {
        return Path.of(config.inbox()).toAbsolutePath().normalize();
    }

    private List<FileReport> importOnce() {
        Path inbox = inbox();
        Instant settledBefore = Instant.now().minus(config.settle());
        List<Path> ready;
        try {
            Files.createDirectories(inbox);
            try (Stream<Path> files = Files.list(inbox)) {
                ready = files.filter(ShipmentInbox::isShipmentFile)
                        .filter(file -> modifiedBefore(file, settledBefore))
                        .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the shipment inbox " + inbox, e);
        }
        List<FileReport> reports = new ArrayList<>();
        for (Path file : ready) {
            FileReport report = importFile(file);
            if (report != null) {
                reports.add(report);
            }
        }
        return reports;
    }

    /** Imports one settled file; answers null when it is to be left alone for now (gone, or still changing). */
    private FileReport importFile(Path file) {
        String name = file.getFileName().toString();
        long maxSize = config.maxSize().asLongValue();
        byte[] bytes;
        try {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            if (before.size() > maxSize) {
                return moveAside(file, FAILED, movedTo -> FileReport.failed(name, movedTo,
                        "The file is larger than " + maxSize + " bytes; split it"));
            }
            bytes = Files.readAllBytes(file);
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (!after.lastModifiedTime().equals(before.lastModifiedTime()) || after.size() != bytes.length) {
                LOG.infof("Shipment file %s changed while it was read; it is left for the next scan", name);
                return null;
            }
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            LOG.warnf("Shipment file %s could not be read, will retry: %s", name, e.toString());
            return FileReport.deferred(name, "The file could not be read: " + e.getMessage());
        }
        try {
            ImportReport report = importer.importCsv(bytes);
            return moveAside(file, PROCESSED, movedTo -> FileReport.processed(name, movedTo, report));
        } catch (ProblemException notAShipmentFile) {
            return moveAside(file, FAILED, movedTo -> FileReport.failed(name, movedTo, notAShipmentFile.getMessage()));
        } catch (RuntimeException e) {
            // Rows applied so far stay applied; the next scan reads the whole file again and applies the rest.
            LOG.errorf(e, "Import of shipment file %s stopped part-way; the next scan retries it", name);
            return FileReport.deferred(name, "The import stopped part-way and is retried on the next scan: " + e.getMessage());
        }
    }

    /** Moves the file into the folder beside the inbox, under a name not used there yet, and writes its report. */
    private FileReport moveAside(Path file, String folderName, Function<String, FileReport> reportFor) {
        String name = file.getFileName().toString();
        Path target;
        try {
            Path folder = inbox().resolveSibling(folderName);
            Files.createDirectories(folder);
            target = freeName(folder, name);
            move(file, target);
        } catch (IOException e) {
            LOG.errorf("Shipment file %s was imported but could not be moved to %s/: %s", name, folderName, e.toString());
            return FileReport.deferred(name, "Imported, but not moved to " + folderName + "/ (" + e.getMessage()
                    + "); the next scan finds it again and counts its shipments as duplicates");
        }
        FileReport report = reportFor.apply(folderName + "/" + target.getFileName());
        try {
            Files.write(target.resolveSibling(target.getFileName() + REPORT_SUFFIX),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            LOG.warnf("The report of shipment file %s could not be written: %s", name, e.toString());
        }
        LOG.infof("Shipment file %s: %s", name, report);
        return report;
    }

    private static Path freeName(Path folder, String name) {
        String stem = name.substring(0, name.length() - EXTENSION.length());
        String extension = name.substring(stem.length());
        Path candidate = folder.resolve(name);
        for (int n = 1; Files.exists(candidate) || Files.exists(folder.resolve(candidate.getFileName() + REPORT_SUFFIX)); n++) {
            candidate = folder.resolve(stem + "-" + n + extension);
        }
        return candidate;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isShipmentFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(EXTENSION) && Files.isRegularFile(file);
    }

    private static boolean modifiedBefore(Path file, Instant instant) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(instant);
        } catch (IOException gone) {
            return false;
        }
    }
}
