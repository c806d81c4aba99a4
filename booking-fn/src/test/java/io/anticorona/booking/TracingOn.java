package io.anticorona.booking;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Tracing on (it is off by default), with spans handed to the exporter at once. */
public class TracingOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.bsp.schedule.delay", "50ms");
    }
}
