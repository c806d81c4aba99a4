package io.anticorona.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The cluster's profile on top of the test one, as the gateway runs in Knative (QUARKUS_PROFILE=knative). */
public class KnativeProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test,knative";
    }
}
