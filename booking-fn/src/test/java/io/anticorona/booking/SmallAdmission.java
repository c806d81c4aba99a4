package io.anticorona.booking;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Five bookings at once and room for five more in the queue: the fifth waiter's expected wait is 5 x 30 s / 5 = 30 s,
 * within the 33 s budget, the sixth's 36 s is not (no booking is measured while the stock check is held). Timeouts as in {@link LongerReservationTimeout}.
 */
public class SmallAdmission implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "anticorona.booking.admission.initial-limit", "5",
                "anticorona.booking.admission.min-limit", "5",
                "anticorona.booking.admission.max-limit", "5",
                "anticorona.booking.admission.queue-budget", "33s",
                "anticorona.booking.admission.initial-service-time", "30s",
                "quarkus.fault-tolerance.\"io.anticorona.booking.client.DoseReserver/reserveDoses\".timeout.value", "60000",
                "quarkus.rest-client.vaccine-fn.read-timeout", "60000");
    }
}
