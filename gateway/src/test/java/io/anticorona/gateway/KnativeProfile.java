package io.anticorona.gateway;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The cluster's profile on top of the test one, as the gateway runs in Knative (QUARKUS_PROFILE=knative). */
public class KnativeProfile implements QuarkusTestProfile {

    /**
     * The management interface's port: fixed, not 0, because a test against the packaged gateway cannot learn a
     * random one (below the ephemeral range and off the system tests' ports).
     */
    static final int MANAGEMENT_PORT = 21900;

    @Override
    public Map<String, String> getConfigOverrides() {
        // test-port in a @QuarkusTest, port for the packaged gateway (which runs in normal mode)
        return Map.of("quarkus.management.test-port", String.valueOf(MANAGEMENT_PORT),
                "quarkus.management.port", String.valueOf(MANAGEMENT_PORT));
    }

    @Override
    public String getConfigProfile() {
        return "test,knative";
    }
}
