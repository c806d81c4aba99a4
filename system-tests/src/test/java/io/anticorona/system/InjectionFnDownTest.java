package io.anticorona.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.anticorona.devstack.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bookings do not depend on injection-fn: while it is down they go on, and its worklist catches up afterwards. */
@ExtendWith(RunningSystem.class)
class InjectionFnDownTest {

    private static final int BOOKINGS = 30;

    @Test
    void bookingsGoOnWhileInjectionFnIsDownAndItsWorklistCatchesUpWithoutGapsOrDuplicates() {
        long vaccineId = Api.registerVaccine(BOOKINGS);
        long upMillis = timeBookings(vaccineId, BOOKINGS / 2, new ArrayList<>());
        List<String> booked = new ArrayList<>();
        long downMillis;
        RunningSystem.stack().function(Function.INJECTION).stop();
        try {
            downMillis = timeBookings(vaccineId, BOOKINGS / 2, booked);
        } finally {
            RunningSystem.stack().startAndAwait(Function.INJECTION);
        }
        System.out.printf("INJECTION-FN DOWN: %d bookings took %d ms with injection-fn up, %d ms with it down%n",
                BOOKINGS / 2, upMillis, downMillis);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> worklist = Gateway.worklist().extract().jsonPath()
                    .getList("findAll { it.vaccineId == " + vaccineId + " }.bookingId", String.class);
            assertEquals(BOOKINGS, worklist.size(), "one entry per confirmed booking");
            assertEquals(BOOKINGS, worklist.stream().distinct().count(), "no duplicates");
            assertEquals(true, worklist.containsAll(booked), "none missing");
        });
    }

    private static long timeBookings(long vaccineId, int count, List<String> ids) {
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ids.add(Gateway.book(Api.customer(), vaccineId).statusCode(201).extract().path("id"));
        }
        return (System.nanoTime() - started) / 1_000_000;
    }
}
