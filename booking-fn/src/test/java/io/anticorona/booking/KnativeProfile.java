package io.anticorona.booking;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The cluster's profile on top of the test one: events and schedule ticks come over HTTP, in-process ones are off. */
public class KnativeProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test,knative";
    }
}
