package io.anticorona.booking.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.anticorona.booking.config.BookingConfig;
import io.anticorona.common.job.ScheduledJobs;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Abandons bookings left PENDING by a request that died between the stock check and settling (a crash, or a
 * database that failed mid-way): the booking is removed and any dose it got is released through BookingAbandoned,
 * so the customer can simply book again.
 */
@ApplicationScoped
public class PendingBookingSweeper implements ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(PendingBookingSweeper.class);

    private final BookingLedger ledger;
    private final BookingConfig config;

    public PendingBookingSweeper(BookingLedger ledger, BookingConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    /** In-process every anticorona.schedule.pending-sweep, and by a PingSource in the cluster. */
    @Scheduled(identity = "pending-sweep", every = "${anticorona.schedule.pending-sweep}", delayed = "10s",
            concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(config.pendingTimeout());
        for (UUID id : ledger.stalePending(cutoff)) {
            try {
                ledger.abandon(id, true);
                LOG.infof("Abandoned booking %s, left pending since before %s", id, cutoff);
            } catch (RuntimeException e) {
                LOG.warnf("Could not abandon stale booking %s yet: %s", id, e.getMessage());
            }
        }
    }

    @Override
    public Map<String, Runnable> jobs() {
        return Map.of("pending-sweep", this::sweep);
    }
}
