package io.anticorona.common.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import io.anticorona.common.event.EventDispatcher;
import io.anticorona.devstack.InfrastructureResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The inbox applies each event id once, in one transaction with the handler's effects. */
@QuarkusTest
class InboxTest {

    @Inject
    Inbox inbox;

    @Inject
    InboxEffects effects;

    @Inject
    EventDispatcher events;

    @Test
    void anEventAppliedASecondTimeIsADuplicateAndChangesNothing() {
        IncomingEvent event = newEvent("TestEvent");
        AtomicInteger applied = new AtomicInteger();

        inbox.apply(event, e -> {
            applied.incrementAndGet();
            effects.record(e);
        });
        inbox.apply(event, e -> {
            applied.incrementAndGet();
            effects.record(e);
        });

        assertEquals(1, applied.get(), "the handler ran once");
        assertEquals(1, effects.effectsOf(event.id()));
        assertEquals(1, effects.recordedAsProcessed(event.id()));
    }

    @Test
    void theSameEventDeliveredManyTimesAtOnceIsAppliedOnce() throws Exception {
        IncomingEvent event = newEvent("TestEvent");
        AtomicInteger applied = new AtomicInteger();
        int deliveries = 8;
        CyclicBarrier together = new CyclicBarrier(deliveries);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                runs.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    inbox.apply(event, e -> {
                        applied.incrementAndGet();
                        effects.record(e);
                    });
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS); // none fails: a concurrent duplicate waits for the first, then skips
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, applied.get(), "the handler ran once");
        assertEquals(1, effects.effectsOf(event.id()));
        assertEquals(1, effects.recordedAsProcessed(event.id()));
    }

    @Test
    void aFailingHandlerRollsBackItsEffectsAndTheEventStaysUnrecordedForARetry() {
        IncomingEvent event = newEvent("TestEvent");

        assertThrows(IllegalStateException.class, () -> inbox.apply(event, e -> {
            effects.record(e);
            throw new IllegalStateException("the database of a downstream step is away");
        }));
        assertEquals(0, effects.effectsOf(event.id()), "the handler's effect was rolled back");
        assertEquals(0, effects.recordedAsProcessed(event.id()), "the event is not marked as applied");

        inbox.apply(event, effects::record); // the retry
        assertEquals(1, effects.effectsOf(event.id()));
        assertEquals(1, effects.recordedAsProcessed(event.id()));
    }

    @Test
    void theEventsOfABatchApplyTogetherOrNotAtAll() {
        IncomingEvent first = newEvent("TestEvent");
        IncomingEvent failing = newEvent("TestEvent");
        Consumer<IncomingEvent> fails = e -> {
            throw new IllegalStateException("the second event cannot apply yet");
        };

        assertThrows(IllegalStateException.class,
                () -> inbox.applyAll(List.of(first, failing), e -> e == failing ? fails : effects::record));
        assertEquals(0, effects.effectsOf(first.id()), "the first event's effect went with the batch's rollback");
        assertEquals(0, effects.recordedAsProcessed(first.id()));

        inbox.applyAll(List.of(first, failing, first), e -> effects::record);
        assertEquals(1, effects.effectsOf(first.id()), "a repeat within a batch is a duplicate");
        assertEquals(1, effects.effectsOf(failing.id()));
    }

    @Test
    void anEventOfATypeWithoutAHandlerIsNeitherAppliedNorRecorded() {
        IncomingEvent other = newEvent("SomethingElse");
        IncomingEvent handled = newEvent("TestEvent");

        events.dispatch(other);
        events.dispatch(handled);

        assertEquals(0, effects.effectsOf(other.id()));
        assertEquals(0, effects.recordedAsProcessed(other.id()));
        assertEquals(1, effects.effectsOf(handled.id()));
    }

    @Test
    void aRecordRedeliveredFromKafkaIsAppliedOnce() {
        UUID id = UUID.randomUUID();
        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            kafka.produceStrings().fromRecords(cloudEvent(id), cloudEvent(id), cloudEvent(id)).awaitCompletion();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> effects.recordedAsProcessed(id) == 1);
        // The later copies are consumed too (same key, so after the first); none adds an effect.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> effects.effectsOf(id) == 1);
    }

    @Test
    void aPoisonEventAmongOthersOfTheSameBatchGoesAloneToTheDeadLetterTopicAndTheOthersApplyOnce() {
        UUID first = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        String key = "key-" + first;
        ProducerRecord<String, String> poison = new ProducerRecord<>("inbox-test-events", key, "no CloudEvents headers");
        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            kafka.produceStrings().fromRecords(cloudEvent(first, key), poison, cloudEvent(last, key)).awaitCompletion();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> effects.recordedAsProcessed(first) == 1 && effects.recordedAsProcessed(last) == 1);
            List<String> dead = await().atMost(Duration.ofSeconds(30)).until(() -> kafka.consumeStrings()
                    .fromTopics("dead-letter-topic-inbox-test", Duration.ofSeconds(1)).awaitCompletion().getRecords()
                    .stream().filter(record -> key.equals(record.key())).map(ConsumerRecord::value).toList(),
                    records -> !records.isEmpty());
            assertEquals(List.of("no CloudEvents headers"), dead);
        }
        assertEquals(1, effects.effectsOf(first));
        assertEquals(1, effects.effectsOf(last));
    }

    private static ProducerRecord<String, String> cloudEvent(UUID id) {
        return cloudEvent(id, "key-" + id);
    }

    private static ProducerRecord<String, String> cloudEvent(UUID id, String key) {
        ProducerRecord<String, String> record = new ProducerRecord<>("inbox-test-events", key, "{\"n\":1}");
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id.toString());
        header(record, "ce_type", "TestEvent");
        header(record, "ce_source", "/test");
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static IncomingEvent newEvent(String type) {
        return IncomingEvent.of(UUID.randomUUID().toString(), type, "key", "{}");
    }
}
