package io.anticorona.booking.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.anticorona.booking.config.BookingConfig;

/**
 * Gathers the stock checks of one vaccine into batches: while one call to vaccine-fn is under way for a vaccine, the
 * bookings that arrive for it wait, and then leave together in one call (at most {@code reservation-batch-size}), in
 * the order they arrived. Under light load every batch holds one booking and waits for nothing; under a spike a call
 * carries many, which is one HTTP call, one token check and one transaction in vaccine-fn instead of many. No thread of
 * its own: the first booking of a batch sends it, and hands the next batch to the first booking still waiting.
 */
@ApplicationScoped
public class ReservationBatcher {

    private final DoseReserver reserver;
    private final int maxBatch;
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();

    public ReservationBatcher(DoseReserver reserver, BookingConfig config) {
        this.reserver = reserver;
        this.maxBatch = config.reservationBatchSize();
    }

    /** Reserves a dose for one booking, in the next batch of its vaccine; throws what the stock check throws. */
    public ReservationOutcome reserveDose(long vaccineId, UUID bookingId) {
        Lane lane = lanes.computeIfAbsent(vaccineId, Lane::new);
        Waiter waiter = new Waiter(bookingId);
        boolean leads = lane.join(waiter);
        while (true) {
            if (leads) {
                lane.sendNextBatch();
            }
            waiter.awaitOutcomeOrTurn();
            if (waiter.outcome.isDone()) {
                try {
                    return waiter.outcome.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            waiter.turnToSend = new CompletableFuture<>();
            leads = true;
        }
    }

    private static final class Waiter {
        final UUID bookingId;
        final CompletableFuture<ReservationOutcome> outcome = new CompletableFuture<>();
        volatile CompletableFuture<Void> turnToSend = new CompletableFuture<>();

        Waiter(UUID bookingId) {
            this.bookingId = bookingId;
        }

        void awaitOutcomeOrTurn() {
            try {
                CompletableFuture.anyOf(outcome, turnToSend).join();
            } catch (CompletionException failed) {
                // the stock check failed: the caller rethrows it from the outcome
            }
        }
    }

    /** One vaccine's bookings waiting for a stock check, and whether one is under way. */
    private final class Lane {
        private final long vaccineId;
        private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        private boolean sending;

        Lane(long vaccineId) {
            this.vaccineId = vaccineId;
        }

        /** Queues the waiter; true if nothing is under way, so it sends the next batch itself. */
        synchronized boolean join(Waiter waiter) {
            waiting.add(waiter);
            if (sending) {
                return false;
            }
            sending = true;
            return true;
        }

        void sendNextBatch() {
            List<Waiter> batch = take();
            try {
                Map<UUID, ReservationOutcome> outcomes = reserver.reserveDoses(vaccineId,
                        batch.stream().map(w -> w.bookingId).toList());
                batch.forEach(w -> w.outcome.complete(outcomes.getOrDefault(w.bookingId, ReservationOutcome.UNAVAILABLE)));
            } catch (Throwable e) {
                // Whatever went wrong, nobody of the batch may wait forever: each rethrows it.
                batch.forEach(w -> w.outcome.completeExceptionally(e));
            } finally {
                handOver();
            }
        }

        private synchronized List<Waiter> take() {
            List<Waiter> batch = new ArrayList<>(Math.min(waiting.size(), maxBatch));
            while (!waiting.isEmpty() && batch.size() < maxBatch) {
                batch.add(waiting.poll());
            }
            return batch;
        }

        /**
         * The first booking still waiting sends the next batch; with none, the lane is idle and is dropped, so that
         * vaccine ids nobody books again (or that do not exist) leave nothing behind. A booking that joins a dropped
         * lane still gets its answer; its batch is only not shared with a lane made meanwhile.
         */
        private synchronized void handOver() {
            Waiter next = waiting.peek();
            if (next == null) {
                sending = false;
                lanes.remove(vaccineId, this);
            } else {
                next.turnToSend.complete(null);
            }
        }
    }
}
