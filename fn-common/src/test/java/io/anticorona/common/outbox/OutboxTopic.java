package io.anticorona.common.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.anticorona.devstack.InfrastructureResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** What the relay's tests look at: the outbox table and the test application's topic. */
final class OutboxTopic {

    static final String TOPIC = "outbox-test-events";

    private OutboxTopic() {
    }

    /** The topic exists before the first event, as the functions' topics do in the cluster and under make run. */
    static void create() {
        InfrastructureResource.kafka().createTopics(List.of(TOPIC));
    }

    /** Writes an event as a function does: in its own committed transaction, which then triggers the relay. */
    static UUID write(Outbox outbox, String aggregateId, int n) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.publish(aggregateId, "TestEvent", Map.of("n", n)));
    }

    /** How many of the given events are still in the outbox. */
    static long stillInOutbox(List<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count("id in ?1", ids));
    }

    /**
     * The event ids on the topic for each of the given record keys, in the order of the key's partition. A relay
     * delivers at least once, so an id may appear twice; the order that matters is that of first deliveries.
     */
    static Map<String, List<UUID>> onTopic(Set<String> keys) {
        Map<String, List<UUID>> byKey = new LinkedHashMap<>();
        try (KafkaCompanion kafka = new KafkaCompanion(InfrastructureResource.kafka().bootstrapServers())) {
            for (ConsumerRecord<String, String> record : kafka.consumeStrings().fromTopics(TOPIC, Duration.ofSeconds(2))
                    .awaitCompletion().getRecords()) {
                if (keys.contains(record.key())) {
                    byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(eventId(record));
                }
            }
        }
        return byKey;
    }

    /** The ids in the order they were first delivered. */
    static List<UUID> firstDeliveries(List<UUID> delivered) {
        return delivered == null ? List.of() : delivered.stream().distinct().toList();
    }

    private static UUID eventId(ConsumerRecord<String, String> record) {
        Header id = record.headers().lastHeader("ce_id");
        return UUID.fromString(new String(id.value(), StandardCharsets.UTF_8));
    }
}
