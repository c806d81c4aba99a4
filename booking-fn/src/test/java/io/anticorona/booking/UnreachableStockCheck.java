package io.anticorona.booking;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the stock check at a closed port: these tests run booking-fn without vaccine-fn. */
public class UnreachableStockCheck implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.vaccine-fn.url", "http://localhost:1");
    }

    @Override
    public void stop() {
        // nothing was started
    }
}
