package io.anticorona.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How long a booking takes to show on My Page. The figures are printed (FRESHNESS: ...) for the record; the test
 * asserts only that every booking does show up.
 */
@ExtendWith(RunningSystem.class)
class MyPageFreshnessTest {

    private static final int SAMPLES = 40;

    @Test
    void everyBookingShowsUpOnMyPage() throws Exception {
        long vaccineId = Api.registerVaccine(SAMPLES);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            String customer = Api.customer();
            String booking = Gateway.book(customer, vaccineId).statusCode(201).extract().path("id");
            long booked = System.nanoTime();
            while (!Gateway.myPage(customer).extract().jsonPath().getList("bookings.bookingId").contains(booking)) {
                if (System.nanoTime() - booked > 30_000_000_000L) {
                    break;
                }
                Thread.sleep(5);
            }
            millis.add((System.nanoTime() - booked) / 1_000_000);
        }
        Collections.sort(millis);
        System.out.printf("FRESHNESS: booking 201 -> visible on My Page over %d bookings: p50 %d ms, p99 %d ms, max %d ms%n",
                SAMPLES, percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1));
        assertEquals(0, millis.stream().filter(m -> m >= 30_000).count(), "every booking became visible");
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
