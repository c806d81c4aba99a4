package io.anticorona.common.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.common.outbox.OutboxTopic.onTopic;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An event is written in the caller's transaction: it goes out if that commits, and never exists if it rolls back. */
@QuarkusTest
class OutboxTest {

    @Inject
    Outbox outbox;

    @BeforeEach
    void topicExists() {
        OutboxTopic.create();
    }

    @Test
    void anEventOfATransactionThatRollsBackIsNeverWritten() {
        String aggregate = "rolled-back-" + UUID.randomUUID();
        AtomicReference<UUID> written = new AtomicReference<>();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            written.set(outbox.publish(aggregate, "TestEvent", Map.of("n", 1)));
            throw new IllegalStateException("the caller's change failed after the event was written");
        }));
        assertEquals(0, OutboxTopic.stillInOutbox(List.of(written.get())), "the row went with the rollback");

        UUID committed = OutboxTopic.write(outbox, aggregate, 2);
        List<UUID> delivered = await().atMost(Duration.ofSeconds(30))
                .until(() -> onTopic(Set.of(aggregate)).getOrDefault(aggregate, List.of()), ids -> ids.contains(committed));
        assertTrue(!delivered.contains(written.get()), "only the committed event reached the topic");
    }

    @Test
    void anEventCannotBeWrittenOutsideATransaction() {
        assertThrows(TransactionalException.class, () -> outbox.publish("no-transaction", "TestEvent", Map.of("n", 1)));
    }
}
