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
import io.anticorona.booking.client.ReservationBatcher;
import io.anticorona.common.job.ScheduledJobs;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Promotes WAITING bookings first come, first served, while doses remain. Each promotion takes a per-vaccine
 * advisory lock, so two promoters (threads or instances) take turns: nobody is promoted twice or skipped.
 */
@ApplicationScoped
public class WaitlistPromoter implements ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(WaitlistPromoter.class);

    private final BookingLedger ledger;
    private final ReservationBatcher reservations;
    private final BookingMetrics metrics;

    public WaitlistPromoter(BookingLedger ledger, ReservationBatcher reservations, BookingMetrics metrics) {
        this.ledger = ledger;
        this.reservations = reservations;
        this.metrics = metrics;
    }

    /** Promotes until the waitlist is empty or the vaccine is sold out; returns how many were promoted. */
    public int promote(long vaccineId) {
        return promote(vaccineId, null);
    }

    /** The same after the event that freed a dose at {@code freedAt} (if known): each promotion's delay is measured. */
    public int promote(long vaccineId, OffsetDateTime freedAt) {
        int promoted = 0;
        while (promoteOldest(vaccineId)) {
            promoted++;
            if (freedAt != null) {
                metrics.promoted(freedAt);
            }
        }
        if (promoted > 0) {
            LOG.infof("Promoted %d waiting booking(s) of vaccine %d", promoted, vaccineId);
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

    /**
     * One promotion, in one transaction that holds the vaccine's advisory lock across the stock check. Throws when
     * the stock check is unavailable, so that the triggering event is retried.
     */
    @Transactional
    boolean promoteOldest(long vaccineId) {
        Booking.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, vaccineId).getSingleResult();
        List<Booking> oldest = Booking.find("vaccineId = ?1 and status = ?2 order by seq", vaccineId, BookingStatus.WAITING)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, 1).list();
        if (oldest.isEmpty()) {
            return false;
        }
        UUID bookingId = oldest.get(0).id;
        ReservationOutcome outcome = reservations.reserveDose(vaccineId, bookingId);
        if (outcome.failed()) {
            throw new IllegalStateException("Stock check " + outcome + " while promoting vaccine " + vaccineId);
        }
        if (outcome == ReservationOutcome.SOLD_OUT) {
            return false;
        }
        ledger.confirm(bookingId, true);
        return true;
    }
}
