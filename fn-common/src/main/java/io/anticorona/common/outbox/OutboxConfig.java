package io.anticorona.common.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "anticorona.outbox")
public interface OutboxConfig {

    /** The CloudEvents source of this function's events, such as {@code /booking-fn}. */
    String source();

    /** How many events one relay round sends at most. */
    @WithDefault("200")
    int batchSize();

    /** How long to wait for the broker to acknowledge a batch before trying again later. */
    @WithDefault("10s")
    Duration sendTimeout();
}
