package io.anticorona.booking.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "anticorona.booking")
public interface BookingConfig {

    /** The Retry-After given with a 503 when the stock check is overloaded or failed. */
    @WithDefault("1s")
    Duration retryAfter();

    /** The Retry-After given with a 503 while the stock check's circuit is open (about the breaker's delay). */
    @WithDefault("2s")
    Duration retryAfterCircuitOpen();

    /** A booking still PENDING after this long belongs to a request that died; it is abandoned. */
    @WithDefault("30s")
    Duration pendingTimeout();
}
