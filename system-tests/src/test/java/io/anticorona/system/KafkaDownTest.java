package io.anticorona.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bookings and cancellations go on while Kafka is down; the outbox delivers every event once it is back. */
@ExtendWith(RunningSystem.class)
class KafkaDownTest {

    @Test
    void bookingsAndCancellationsAreAcceptedWhileKafkaIsDownAndTheirEffectsFollowWhenItReturns() {
        long vaccineId = Api.registerVaccine(3);
        List<String> booked = new ArrayList<>();
        String waiting;
        RunningSystem.stack().kafka().stop();
        try {
            for (int i = 0; i < 3; i++) {
                booked.add(Api.book(Api.customer(), vaccineId).then().statusCode(201)
                        .body("status", equalTo("BOOKED")).extract().path("id"));
            }
            waiting = Api.book(Api.customer(), vaccineId).then().statusCode(201)
                    .body("status", equalTo("WAITING")).extract().path("id");
            Api.cancel(booked.get(0)).statusCode(200).body("status", equalTo("CANCELLED"));
            Api.cancel(booked.get(1)).statusCode(200).body("status", equalTo("CANCELLED"));
            // Without events nothing can flow back yet: the doses stay reserved and the waiting booking waits.
            Api.vaccine(vaccineId).body("reserved", equalTo(3));
            Api.booking(waiting).statusCode(200).body("status", equalTo("WAITING"));
        } finally {
            RunningSystem.stack().kafka().start();
        }

        // BookingCancelled reaches vaccine-fn (two doses released), ReservationReleased reaches booking-fn (promotion).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> Api.booking(waiting).statusCode(200).body("status", equalTo("BOOKED")));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.vaccine(vaccineId).body("reserved", equalTo(2), "stock", equalTo(3)));
        assertEquals("BOOKED", Api.booking(booked.get(2)).statusCode(200).extract().path("status"));
    }
}
