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

    /**
     * How long a round waits for each of its events to be acknowledged or failed. Longer than the producer's own
     * bound on an unsettled record ({@code max.block.ms} plus {@code delivery.timeout.ms}), so it trips only when the
     * producer misbehaves; a round that gives up still waits for its sends before the next round starts.
     */
    @WithDefault("30s")
    Duration sendTimeout();
}
