package io.anticorona.gateway.metrics;

import java.time.Duration;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Latency buckets for the gateway's requests ({@code http_server_requests_seconds_bucket}), as fn-common's
 * HttpLatencyBuckets gives the functions (the gateway does not depend on fn-common): the dashboard's p99 of a booking
 * as the customer sees it. 11 fixed buckets per URI, method and status; not for /q/.
 */
@Singleton
public class HttpLatencyBuckets {

    static final double[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
            .mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();

    @Produces
    @Singleton
    MeterFilter httpServerLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                String uri = id.getTag("uri");
                if (!id.getName().equals("http.server.requests") || uri != null && uri.startsWith("/q/")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(BUCKETS).build().merge(config);
            }
        };
    }
}
