package io.anticorona.booking.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.anticorona.booking.client.ReservationOutcome;
import io.anticorona.booking.client.DoseReserver;
import io.anticorona.booking.config.BookingConfig;
import io.anticorona.common.job.ScheduledJobs;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Promotes WAITING bookings first come, first served, while doses remain, a batch of them per stock check. Each
 * batch takes a per-vaccine advisory lock, so two promoters (threads or instances) take turns: nobody is promoted
 * twice or skipped.
 */
@ApplicationScoped
public class WaitlistPromoter implements ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(WaitlistPromoter.class);

    private final BookingLedger ledger;
    private final DoseReserver reserver;
    private final BookingMetrics metrics;
    private final int batchSize;

    public WaitlistPromoter(BookingLedger ledger, DoseReserver reserver, BookingMetrics metrics, BookingConfig config) {
        this.ledger = ledger;
        this.reserver = reserver;
        this.metrics = metrics;
        this.batchSize = config.reservationBatchSize();
    }

    /** Promotes until the waitlist is empty or the vaccine is sold out; returns how many were promoted. */
    public int promote(long vaccineId) {
        return promote(vaccineId, null);
    }

    /** The same after the event that freed a dose at {@code freedAt} (if known): each promotion's delay is measured. */
    public int promote(long vaccineId, OffsetDateTime freedAt) {
        int promoted = 0;
        Promotion batch;
        do {
            batch = promoteOldest(vaccineId);
            promoted += batch.promoted();
            if (freedAt != null) {
                metrics.promoted(freedAt, batch.promoted());
            }
        } while (batch.more());
        if (promoted > 0) {
            LOG.infof("Promoted %d waiting booking(s) of vaccine %d", promoted, vaccineId);
        }
        if (batch.failure() != null) {
            // After the commit, so that those promoted stay promoted; the triggering event is retried.
            throw new IllegalStateException("Stock check " + batch.failure() + " while promoting vaccine " + vaccineId);
        }
        return promoted;
    }

    /**
     * The safety net for a promotion that lost a race with a new WAITING booking, or failed: in-process every
     * anticorona.schedule.waitlist-sweep, and by a PingSource in the cluster.
     */
    @Scheduled(identity = "waitlist-sweep", every = "${anticorona.schedule.waitlist-sweep}", delayed = "10s",
            concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        for (Long vaccineId : vaccinesWithWaiting()) {
            try {
                promote(vaccineId);
            } catch (RuntimeException e) {
                LOG.warnf("Waitlist sweep of vaccine %d failed, will retry: %s", vaccineId, e.getMessage());
            }
        }
    }

    @Override
    public Map<String, Runnable> jobs() {
        return Map.of("waitlist-sweep", this::sweep);
    }

    @Transactional
    List<Long> vaccinesWithWaiting() {
        return Booking.getEntityManager()
                .createQuery("select distinct b.vaccineId from Booking b where b.status = ?1", Long.class)
                .setParameter(1, BookingStatus.WAITING)
                .getResultList();
    }

    /** How many one transaction promoted, whether the next in line may still get a dose, and a failed outcome. */
    record Promotion(int promoted, boolean more, ReservationOutcome failure) {
    }

    /**
     * Promotes the oldest WAITING bookings, at most a reservation batch of them, in one transaction that holds the
     * vaccine's advisory lock across their one stock check. vaccine-fn hands out new doses in the order asked, so the
     * oldest get them; a booking further down may already hold one (a promotion that rolled back), and is promoted
     * too. A sold out or failed answer ends the promotion after the others are confirmed.
     */
    @Transactional
    Promotion promoteOldest(long vaccineId) {
        Booking.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, vaccineId).getSingleResult();
        List<UUID> oldest = Booking.<Booking> find("vaccineId = ?1 and status = ?2 order by seq", vaccineId, BookingStatus.WAITING)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, batchSize).list().stream().map(booking -> booking.id).toList();
        if (oldest.isEmpty()) {
            return new Promotion(0, false, null);
        }
        Map<UUID, ReservationOutcome> outcomes = reserver.reserveDoses(vaccineId, oldest);
        int promoted = 0;
        boolean soldOut = false;
        ReservationOutcome failure = null;
        for (UUID bookingId : oldest) {
            ReservationOutcome outcome = outcomes.getOrDefault(bookingId, ReservationOutcome.UNAVAILABLE);
            if (outcome == ReservationOutcome.RESERVED) {
                ledger.confirm(bookingId, true);
                promoted++;
            } else if (outcome == ReservationOutcome.SOLD_OUT) {
                soldOut = true;
            } else {
                failure = outcome;
            }
        }
        // All of them promoted: someone may have joined the line meanwhile, so look again.
        return new Promotion(promoted, !soldOut && failure == null, failure);
    }
}
