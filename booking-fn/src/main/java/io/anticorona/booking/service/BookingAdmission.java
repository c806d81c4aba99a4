package io.anticorona.booking.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import io.anticorona.booking.config.BookingConfig;
import io.anticorona.common.problem.ServiceUnavailableProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Admission of bookings: as many run at once as an adaptive concurrency limit allows (Netflix concurrency-limits,
 * Gradient2: it grows while latency holds and shrinks when it climbs), and the rest wait their turn in a FIFO. A
 * booking is shed with 503 {@code overloaded} only when its expected wait, the queue ahead of it over the measured
 * drain rate, exceeds the budget ({@code anticorona.booking.admission.queue-budget}); its Retry-After is that wait.
 */
@ApplicationScoped
public class BookingAdmission {

    private final SimpleLimiter<Void> limiter;
    private final ArrayDeque<CompletableFuture<Limiter.Listener>> queue = new ArrayDeque<>();
    private final DrainRate drain;
    private final Duration budget;

    public BookingAdmission(BookingConfig config, MeterRegistry registry) {
        BookingConfig.Admission admission = config.admission();
        this.limiter = SimpleLimiter.newBuilder().named("bookings").limit(Gradient2Limit.newBuilder()
                .initialLimit(admission.initialLimit()).minLimit(admission.minLimit())
                .maxConcurrency(admission.maxLimit()).build()).build();
        this.drain = new DrainRate(admission.initialServiceTime(), admission.initialLimit());
        this.budget = admission.queueBudget();
        Gauge.builder("anticorona.admission.limit", limiter, SimpleLimiter::getLimit)
                .description("Bookings let run at once (adaptive)").register(registry);
        Gauge.builder("anticorona.admission.queue.length", this, BookingAdmission::queued)
                .description("Bookings waiting their turn").register(registry);
    }

    /**
     * Runs the booking once admitted: at once, after its turn in the queue, or not at all (503 overloaded). A booking
     * that ends in a 503 of its own (the stock check or the database failing) tells the limiter it was dropped, so the
     * limit shrinks while a dependency struggles; any other answer, a 4xx included, is work done.
     */
    public <T> T admit(Supplier<T> booking) {
        Limiter.Listener permit = acquire();
        long started = System.nanoTime();
        boolean dropped = false;
        try {
            return booking.get();
        } catch (ServiceUnavailableProblem e) {
            dropped = true;
            throw e;
        } finally {
            if (dropped) {
                permit.onDropped();
            } else {
                permit.onSuccess();
            }
            drain.completed(System.nanoTime() - started, limiter.getLimit());
            pass();
        }
    }

    private Limiter.Listener acquire() {
        CompletableFuture<Limiter.Listener> turn;
        synchronized (this) {
            if (queue.isEmpty()) {
                Optional<Limiter.Listener> now = limiter.acquire(null);
                if (now.isPresent()) {
                    return now.get();
                }
            }
            double wait = drain.secondsToServe(queue.size() + 1);
            if (wait > budget.toMillis() / 1000.0) {
                throw overloaded(wait);
            }
            turn = new CompletableFuture<>();
            queue.add(turn);
        }
        return await(turn);
    }

    private Limiter.Listener await(CompletableFuture<Limiter.Listener> turn) {
        try {
            return turn.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (this) {
                if (queue.remove(turn)) {
                    throw overloaded(drain.secondsToServe(queue.size() + 1));
                }
            }
            return turn.join(); // its turn came as the wait ran out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(turn);
            throw overloaded(1);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Leaves the queue; a place handed over meanwhile goes to the next in line. */
    private void giveUp(CompletableFuture<Limiter.Listener> turn) {
        synchronized (this) {
            if (queue.remove(turn)) {
                return;
            }
        }
        turn.join().onIgnore();
        pass();
    }

    /** Gives freed places to the longest waiting, in order. */
    private synchronized void pass() {
        while (!queue.isEmpty()) {
            Optional<Limiter.Listener> permit = limiter.acquire(null);
            if (permit.isEmpty()) {
                return;
            }
            queue.poll().complete(permit.get());
        }
    }

    synchronized int queued() {
        return queue.size();
    }

    private static ServiceUnavailableProblem overloaded(double expectedWaitSeconds) {
        long retryAfter = Math.max(1, (long) Math.ceil(expectedWaitSeconds));
        return new ServiceUnavailableProblem("overloaded", "Too many bookings at once",
                "More bookings are waiting than can be served within the wait this service allows; nothing was booked."
                        + " Please retry after " + retryAfter + " s.", retryAfter);
    }

    /**
     * Bookings completed per second: the better of two estimates, so that a slow start does not shed what the next
     * seconds will serve. One is Little's law, the limit over the mean time a booking runs (smoothed); the other is
     * how many completed in the last whole second.
     */
    static final class DrainRate {
        private static final double SMOOTHING = 0.2;
        private double meanNanos;
        private int limit;
        private long second;
        private int thisSecond;
        private int lastSecond;

        DrainRate(Duration initialServiceTime, int initialLimit) {
            this.meanNanos = initialServiceTime.toNanos();
            this.limit = initialLimit;
        }

        synchronized void completed(long nanos, int limit) {
            meanNanos += SMOOTHING * (nanos - meanNanos);
            this.limit = limit;
            roll();
            thisSecond++;
        }

        /** How long until {@code bookings} more have been served, in seconds. */
        synchronized double secondsToServe(int bookings) {
            roll();
            double perSecond = Math.max(Math.max(1, limit) / (meanNanos / 1e9), lastSecond);
            return bookings / perSecond;
        }

        private void roll() {
            long now = System.nanoTime() / 1_000_000_000L;
            if (now != second) {
                lastSecond = now == second + 1 ? thisSecond : 0;
                thisSecond = 0;
                second = now;
            }
        }
    }
}
