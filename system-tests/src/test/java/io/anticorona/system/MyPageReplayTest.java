package io.anticorona.system;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** My Page is rebuilt from events: what happened while it was down appears after it restarts, and repeats change nothing. */
@ExtendWith(RunningSystem.class)
class MyPageReplayTest {

    @Test
    void everythingThatHappenedWhileMyPageWasDownAppearsAfterItRestartsAndRedeliveryChangesNothing() {
        long vaccineId = Api.registerVaccine(1);
        String first = Api.customer();
        String second = Api.customer();
        String firstBooking;
        String secondBooking;
        RunningSystem.stack().function(Function.MYPAGE).stop();
        try {
            firstBooking = Gateway.book(first, vaccineId).statusCode(201).extract().path("id");
            secondBooking = Gateway.book(second, vaccineId).statusCode(201).extract().path("id");
            Gateway.request().post("/bookings/" + firstBooking + "/cancel").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Api.booking(secondBooking).body("status",
                    org.hamcrest.Matchers.equalTo("BOOKED")));
        } finally {
            RunningSystem.stack().startAndAwait(Function.MYPAGE);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Gateway.myPage(first).body("bookings.status", contains("CANCELLED"), "notifications", hasSize(2));
            Gateway.myPage(second).body("bookings.status", contains("BOOKED"), "notifications", hasSize(2));
        });
        String before = page(first) + page(second);

        int redelivered = redeliver(List.of(firstBooking, secondBooking));
        System.out.printf("MYPAGE REPLAY: redelivered %d booking events%n", redelivered);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertEquals(before, page(first) + page(second)));
    }

    /** Sends every booking event of these bookings again, with the same CloudEvents id: a duplicate delivery. */
    private static int redeliver(List<String> bookingIds) {
        try (KafkaCompanion kafka = new KafkaCompanion(RunningSystem.stack().kafka().bootstrapServers())) {
            List<ConsumerRecord<String, String>> records = kafka.consumeStrings()
                    .fromTopics("booking-events", Duration.ofSeconds(3)).awaitCompletion().getRecords().stream()
                    .filter(r -> bookingIds.contains(r.key())).toList();
            for (ConsumerRecord<String, String> record : records) {
                kafka.produceStrings().fromRecords(new ProducerRecord<>(record.topic(), null, record.key(),
                        record.value(), record.headers())).awaitCompletion();
            }
            return records.size();
        }
    }

    private static String page(String customer) {
        ValidatableResponse page = Gateway.myPage(customer);
        return page.extract().asString();
    }
}
