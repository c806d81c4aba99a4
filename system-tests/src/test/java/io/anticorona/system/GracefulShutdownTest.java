package io.anticorona.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Tokens;
import io.anticorona.devstack.Function;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** booking-fn stopped with SIGTERM under load: every booking it accepted exists and its event is published. */
@ExtendWith(RunningSystem.class)
class GracefulShutdownTest {

    @Test
    void everyBookingAcceptedBeforeASigtermIsKeptAndPublished() throws Exception {
        long vaccineId = Api.registerVaccine(3_000);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String prefix = Api.uniqueName("sigterm");
        String authorization = "Bearer " + Tokens.of(Tokens.AGENT); // the agent books for every customer
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 3_000; i++) {
                String body = "{\"customerId\":\"" + prefix + "-" + i + "\",\"vaccineId\":" + vaccineId + "}";
                clients.submit(() -> book(http, authorization, body, accepted, refused));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 50);
            RunningSystem.stack().function(Function.BOOKING).stop();
        } finally {
            RunningSystem.stack().startAndAwait(Function.BOOKING);
        }
        System.out.printf("SIGTERM: %d bookings accepted (201) before and during shutdown, %d refused or cut off%n",
                accepted.size(), refused.get());
        assertTrue(refused.get() > 0, "the SIGTERM came while bookings were still arriving");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> missing = accepted.stream().filter(id -> Api.booking(id).extract().statusCode() != 200).toList();
            assertTrue(missing.isEmpty(), "accepted but not stored: " + missing);
        });
        try (KafkaCompanion kafka = new KafkaCompanion(RunningSystem.stack().kafka().bootstrapServers())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<String> published = kafka.consumeStrings().fromTopics("booking-events", Duration.ofSeconds(2))
                        .awaitCompletion().getRecords().stream().map(r -> r.key()).collect(Collectors.toSet());
                List<String> unpublished = accepted.stream().filter(id -> !published.contains(id)).toList();
                assertTrue(unpublished.isEmpty(), "accepted but no event: " + unpublished);
            });
        }
    }

    private static Void book(HttpClient http, String authorization, String body, Set<String> accepted, AtomicInteger refused) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RunningSystem.url(Function.BOOKING) + "/bookings"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                accepted.add(response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
            } else {
                refused.incrementAndGet();
            }
        } catch (Exception connectionClosedOrRefused) {
            refused.incrementAndGet();
        }
        return null;
    }
}
