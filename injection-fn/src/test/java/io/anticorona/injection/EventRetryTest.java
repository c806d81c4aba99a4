package io.anticorona.injection;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The Kafka consumers' one retry guard (fn-common's EventRetry, applied where every consumer dispatches): an event that
 * fails for a while is tried again until it applies; a malformed one is not tried again and goes to the dead-letter
 * topic, and the channel goes on with the next record.
 */
@QuarkusTest
class EventRetryTest {

    private final Events events = new Events();

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void anEventThatFailsForAWhileIsRetriedUntilItApplies() {
        UUID eventId = UUID.randomUUID();
        events.send(Events.bookingEvent(eventId, TestEvents.FLAKY, UUID.randomUUID(), "{}"));

        await().atMost(Duration.ofSeconds(60)).until(() -> TestEvents.applied(eventId));
        assertEquals(TestEvents.FAILURES + 1, TestEvents.attempts(eventId));
    }

    @Test
    void aMalformedEventIsTriedOnceAndGoesToTheDeadLetterTopic() {
        UUID eventId = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        events.send(Events.bookingEvent(eventId, TestEvents.MALFORMED, key, "{}"));

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions() // the topic appears with its first record
                .until(() -> !events.onTopic("dead-letter-topic-booking-events", key.toString()).isEmpty());
        assertEquals(1, TestEvents.attempts(eventId));
        assertFalse(TestEvents.applied(eventId));

        UUID next = UUID.randomUUID();
        events.send(Events.bookingEvent(next, TestEvents.FLAKY, key, "{}"));
        await().atMost(Duration.ofSeconds(60)).until(() -> TestEvents.applied(next));
    }
}
