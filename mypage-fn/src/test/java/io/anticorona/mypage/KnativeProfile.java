package io.anticorona.mypage;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The cluster's profile on top of the test one: events come over HTTP, the Kafka consumers are off. */
public class KnativeProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test,knative";
    }
}
