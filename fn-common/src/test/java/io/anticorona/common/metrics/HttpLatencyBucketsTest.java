package io.anticorona.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/** Which timers get the latency buckets the dashboard's p99 needs. */
class HttpLatencyBucketsTest {

    private final MeterFilter filter = new HttpLatencyBuckets().httpServerLatencyBuckets();

    private static Meter.Id timer(String name, String uri) {
        return new Meter.Id(name, Tags.of("uri", uri, "method", "POST"), null, null, Meter.Type.TIMER);
    }

    @Test
    void anApplicationRequestGetsTheBuckets() {
        DistributionStatisticConfig config = filter.configure(timer("http.server.requests", "/bookings"),
                DistributionStatisticConfig.NONE);
        assertArrayEquals(HttpLatencyBuckets.BUCKETS, config.getServiceLevelObjectiveBoundaries());
    }

    @Test
    void probesScrapesAndOtherTimersKeepTheirConfiguration() {
        DistributionStatisticConfig given = DistributionStatisticConfig.DEFAULT;
        assertSame(given, filter.configure(timer("http.server.requests", "/q/health/ready"), given));
        assertSame(given, filter.configure(timer("http.client.requests", "/vaccines/{id}/reservations"), given));
    }
}
