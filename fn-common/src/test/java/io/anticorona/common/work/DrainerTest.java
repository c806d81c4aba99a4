package io.anticorona.common.work;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrainerTest {

    @Test
    void requestsWhileADrainRunsAreServedByOneMoreRound() throws InterruptedException {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        Drainer drainer = new Drainer(() -> {
            if (rounds.incrementAndGet() == 1) {
                firstStarted.countDown();
                await(release);
            } else {
                secondDone.countDown();
            }
        });

        drainer.request();
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        drainer.request();
        drainer.request();
        release.countDown();

        assertTrue(secondDone.await(10, TimeUnit.SECONDS), "the requests during the first round got a round");
        drainer.request(); // the drainer is free again: this starts a third round rather than being lost
        awaitRounds(rounds, 3);
    }

    @Test
    void neverTwoDrainsAtOnceWhateverTheRequests() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        Drainer drainer = new Drainer(() -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            running.decrementAndGet();
            rounds.incrementAndGet();
        });
        Thread[] requesters = new Thread[8];
        for (int i = 0; i < requesters.length; i++) {
            requesters[i] = Thread.ofPlatform().start(() -> {
                for (int n = 0; n < 1_000; n++) {
                    drainer.request();
                }
            });
        }
        for (Thread requester : requesters) {
            requester.join();
        }
        int before = rounds.get();
        drainer.request();
        awaitRounds(rounds, before + 1);
        assertEquals(1, mostAtOnce.get());
    }

    private static void awaitRounds(AtomicInteger rounds, int atLeast) throws InterruptedException {
        for (int i = 0; i < 1_000 && rounds.get() < atLeast; i++) {
            Thread.sleep(10);
        }
        assertTrue(rounds.get() >= atLeast, "rounds: " + rounds.get() + ", expected at least " + atLeast);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
