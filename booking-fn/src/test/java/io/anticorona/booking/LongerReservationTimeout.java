package io.anticorona.booking;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Reservations that a test holds open must not time out meanwhile: only the timeouts (the fault-tolerance timeout and
 * the REST client's read timeout) are longer here, every other threshold is application.properties' own.
 */
public class LongerReservationTimeout implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.fault-tolerance.\"io.anticorona.booking.client.DoseReserver/reserveDoses\".timeout.value", "60000",
                "quarkus.rest-client.vaccine-fn.read-timeout", "60000");
    }
}
