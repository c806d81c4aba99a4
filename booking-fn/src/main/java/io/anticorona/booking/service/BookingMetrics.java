package io.anticorona.booking.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * booking-fn's own meters (README "Operations"). Bookings and rejections are counters bumped in memory on the
 * request's path; the waitlist lengths come from one GROUP BY every few seconds, not from the scrape or a booking.
 * No label carries a customer or a booking.
 */
@Startup
@ApplicationScoped
public class BookingMetrics {

    /**
     * The 503 problem types POST /bookings can answer (BookingService, BookingLedger, ProblemMappers), exported at 0
     * from the start so that a rate over them works before the first rejection; any other slug is added when seen.
     */
    static final List<String> REJECTION_REASONS = List.of("stock-check-circuit-open",
            "stock-check-unavailable", "overloaded", "database-busy");

    private final MeterRegistry registry;
    private final BookingLedger ledger;
    private final Timer promotionDelay;
    /** One gauge per vaccine ever seen waiting here; 0 once its line is empty. Bounded by the number of vaccines. */
    private final Map<Long, AtomicLong> waiting = new ConcurrentHashMap<>();

    public BookingMetrics(MeterRegistry registry, BookingLedger ledger) {
        this.registry = registry;
        this.ledger = ledger;
        this.promotionDelay = Timer.builder("anticorona.promotion.delay")
                .description("From the event that freed a dose (StockAdded, ReservationReleased) to the promotion's commit")
                .serviceLevelObjectives(seconds(0.1), seconds(0.5), seconds(1), seconds(2), seconds(5), seconds(10),
                        seconds(30), seconds(60), seconds(120), seconds(300))
                .register(registry);
        for (BookingStatus outcome : List.of(BookingStatus.BOOKED, BookingStatus.WAITING)) {
            registry.counter("anticorona.bookings", "outcome", outcome.name());
        }
        REJECTION_REASONS.forEach(reason -> registry.counter("anticorona.booking.rejections", "reason", reason));
    }

    /** A fresh booking answered 201: BOOKED or WAITING (a replayed answer is not counted again). */
    public void booked(BookingStatus outcome) {
        registry.counter("anticorona.bookings", "outcome", outcome.name()).increment();
    }

    /** A booking answered 503; the reason is the problem type's slug, e.g. stock-check-circuit-open. */
    public void rejected(String reason) {
        registry.counter("anticorona.booking.rejections", "reason", reason).increment();
    }

    /** Waiting bookings were promoted (committed) after a dose freed up at {@code freedAt}. */
    public void promoted(OffsetDateTime freedAt, int bookings) {
        Duration delay = Duration.between(freedAt, OffsetDateTime.now()).abs();
        for (int i = 0; i < bookings; i++) {
            promotionDelay.record(delay);
        }
    }

    @Scheduled(every = "${anticorona.booking.waitlist-metrics-refresh:10s}", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshWaitlists() {
        Map<Long, Long> lengths = ledger.waitlists().stream()
                .collect(Collectors.toMap(Waitlist::vaccineId, Waitlist::waiting));
        lengths.keySet().forEach(vaccineId -> waiting.computeIfAbsent(vaccineId, this::waitlistGauge));
        waiting.forEach((vaccineId, length) -> length.set(lengths.getOrDefault(vaccineId, 0L)));
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }

    private AtomicLong waitlistGauge(long vaccineId) {
        AtomicLong length = new AtomicLong();
        Gauge.builder("anticorona.waitlist.length", length, AtomicLong::get)
                .description("WAITING bookings per vaccine (refreshed every few seconds)")
                .tag("vaccine_id", Long.toString(vaccineId))
                .register(registry);
        return length;
    }
}
