package io.anticorona.common.outbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import io.anticorona.common.sql.PlainSql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.MutinyEmitter;

import static io.anticorona.common.outbox.OutboxTopic.firstDeliveries;
import static io.anticorona.common.outbox.OutboxTopic.onTopic;
import static io.anticorona.common.outbox.OutboxTopic.stillInOutbox;
import static io.anticorona.common.outbox.OutboxTopic.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two relays on one outbox, as two instances of a function have: the application's relay and a second one built
 * here on the same channel. Only commits trigger the relays (no poll), so the test decides which relay takes what.
 */
@QuarkusTest
@TestProfile(OutboxRelayOrderingTest.CommitsOnly.class)
class OutboxRelayOrderingTest {

    public static class CommitsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // No safety-net poll: only commits start this instance's relay.
            return Map.of("quarkus.scheduler.enabled", "false");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    OutboxConfig config;

    @Inject
    OutboxChannel channel;

    @Inject
    PlainSql sql;

    @Test
    void anAggregatesEventsArriveInTheOrderWrittenWhenTheRelayHoldingTheEarlierOneIsSlow() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        UUID earlier = insertWithoutTriggeringARelay(aggregate);

        // The second relay takes the earlier event and stalls before handing it to the broker (a slow instance).
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        OutboxRelay slowRelay = new OutboxRelay(stallingBeforeSend(channel.emitter(), sending, goOn), sql, config);
        slowRelay.poll();
        assertTrue(sending.await(30, TimeUnit.SECONDS), "the slow relay took the earlier event");

        // The aggregate's next event commits; the application's relay runs right after the commit.
        UUID later = write(outbox, aggregate, 2);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> stillInOutbox(List.of(later)) == 0);
        } catch (ConditionTimeoutException waitedForTheEarlierOne) {
            // A relay that keeps order leaves the later event until the earlier one is sent.
        }
        goOn.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> stillInOutbox(List.of(earlier)) == 0);
        write(outbox, "nudge-" + UUID.randomUUID(), 0); // one more commit, for a relay that waited
        await().atMost(Duration.ofSeconds(30)).until(() -> stillInOutbox(List.of(earlier, later)) == 0);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(earlier, later),
                firstDeliveries(onTopic(Set.of(aggregate)).get(aggregate)), "the aggregate's events in the order written"));
    }

    /** An outbox row as a commit of another instance leaves it: no relay of this instance hears of it. */
    private static UUID insertWithoutTriggeringARelay(String aggregate) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> OutboxEvent.getEntityManager().createNativeQuery("""
                insert into outbox_event (id, aggregate_id, type, payload, created_at)
                values (?1, ?2, 'TestEvent', '{"n":1}', now())""")
                .setParameter(1, id).setParameter(2, aggregate).executeUpdate());
        return id;
    }

    /** The channel, but each send first signals {@code sending} and waits for {@code goOn}. */
    @SuppressWarnings("unchecked")
    private static MutinyEmitter<String> stallingBeforeSend(MutinyEmitter<String> emitter, CountDownLatch sending,
            CountDownLatch goOn) {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(MutinyEmitter.class.getClassLoader(),
                new Class<?>[] { MutinyEmitter.class }, (proxy, method, args) -> {
                    if (method.getName().equals("sendMessage")) {
                        sending.countDown();
                        goOn.await(60, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(emitter, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
