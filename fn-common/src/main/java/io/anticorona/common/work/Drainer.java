package io.anticorona.common.work;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs one drain at a time per instance, on a worker thread. A request that arrives while it runs makes it go round
 * once more, so no commit waits for a poll and no thread waits for another (the outbox relay, the mail sender).
 */
public final class Drainer {

    private final Runnable drain;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();

    public Drainer(Runnable drain) {
        this.drain = drain;
    }

    /** Asks for a drain; returns at once. */
    public void request() {
        requested.set(true);
        if (draining.compareAndSet(false, true)) {
            try {
                Infrastructure.getDefaultWorkerPool().execute(this::drainWhileRequested);
            } catch (RejectedExecutionException shuttingDown) {
                draining.set(false); // the next request or the next start drains what is left
            }
        }
    }

    private void drainWhileRequested() {
        do {
            try {
                while (requested.getAndSet(false)) {
                    drain.run();
                }
            } finally {
                draining.set(false);
            }
            // A request that came between the last round and the reset above found the drainer still running.
        } while (requested.get() && draining.compareAndSet(false, true));
    }
}
