package io.anticorona.common.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.anticorona.devstack.InfrastructureResource;
import io.anticorona.devstack.LocalKafka;
import io.quarkus.test.junit.QuarkusTest;

import static io.anticorona.common.outbox.OutboxTopic.firstDeliveries;
import static io.anticorona.common.outbox.OutboxTopic.onTopic;
import static io.anticorona.common.outbox.OutboxTopic.stillInOutbox;
import static io.anticorona.common.outbox.OutboxTopic.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay and a broker that goes away: the outbox keeps every event until the broker has acknowledged it. */
@QuarkusTest
class OutboxRelayBrokerOutageTest {

    /** Two aggregates' events, written alternately while the broker was down. */
    record Written(String first, List<UUID> ofFirst, String second, List<UUID> ofSecond) {
        List<UUID> all() {
            List<UUID> all = new ArrayList<>(ofFirst);
            all.addAll(ofSecond);
            return all;
        }
    }

    @Inject
    Outbox outbox;

    @BeforeEach
    void topicExists() {
        OutboxTopic.create();
    }

    @Test
    void eventsWrittenWhileTheBrokerIsDownStayInTheOutboxUntilItIsBackAndNoneIsLost() {
        Written written = writeDuringAnOutage();

        Map<String, List<UUID>> delivered = await().atMost(Duration.ofSeconds(30))
                .until(() -> onTopic(Set.of(written.first(), written.second())), found -> found.size() == 2
                        && found.get(written.first()).containsAll(written.ofFirst())
                        && found.get(written.second()).containsAll(written.ofSecond()));
        assertTrue(delivered.get(written.first()).containsAll(written.ofFirst()), "every event reached the topic");
    }

    @Test
    void eventsWrittenWhileTheBrokerIsDownArriveInTheOrderWrittenOnceItIsBack() {
        Written written = writeDuringAnOutage();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, List<UUID>> delivered = onTopic(Set.of(written.first(), written.second()));
            String onTopic = "; on the topic, as numbers in the order written, duplicates included: first "
                    + numbered(delivered.get(written.first()), written.ofFirst()) + ", second "
                    + numbered(delivered.get(written.second()), written.ofSecond());
            assertEquals(written.ofFirst(), firstDeliveries(delivered.get(written.first())),
                    "the first aggregate's events, in order" + onTopic);
            assertEquals(written.ofSecond(), firstDeliveries(delivered.get(written.second())),
                    "the second aggregate's events, in order" + onTopic);
        });
    }

    @Test
    void anEventIsOnTheTopicOnceTheOutboxNoLongerHoldsIt() {
        String aggregate = "agg-" + UUID.randomUUID();
        List<UUID> written = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            written.add(write(outbox, aggregate, n));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stillInOutbox(written) == 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertEquals(written, firstDeliveries(onTopic(Set.of(aggregate)).get(aggregate))));
    }

    private static List<Integer> numbered(List<UUID> delivered, List<UUID> written) {
        return delivered == null ? List.of() : delivered.stream().map(id -> written.indexOf(id) + 1).toList();
    }

    /**
     * Stops the broker, writes four events of each of two aggregates, checks that failed relay rounds leave them all
     * in the outbox, starts the broker again and waits until the relay has emptied the outbox without a new commit.
     */
    private Written writeDuringAnOutage() {
        Written written = new Written("agg-" + UUID.randomUUID(), new ArrayList<>(), "agg-" + UUID.randomUUID(), new ArrayList<>());
        // A function that has been relaying already: its producer knows the topic when the broker goes away.
        UUID before = write(outbox, "agg-" + UUID.randomUUID(), 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> stillInOutbox(List.of(before)) == 0);
        LocalKafka kafka = InfrastructureResource.kafka();
        kafka.stop();
        try {
            // Writing needs no broker: each commit succeeds, and the relay round it triggers fails.
            for (int n = 1; n <= 4; n++) {
                written.ofFirst().add(write(outbox, written.first(), n));
                written.ofSecond().add(write(outbox, written.second(), n));
            }
            // Relay rounds fail meanwhile (after the delivery timeout, 10 s); none may delete an unacknowledged event.
            await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20))
                    .until(() -> stillInOutbox(written.all()) == written.all().size());
        } finally {
            kafka.start();
        }
        // The safety-net poll relays them; an event leaves the outbox only once the broker has acknowledged it.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> stillInOutbox(written.all()) == 0);
        return written;
    }
}
