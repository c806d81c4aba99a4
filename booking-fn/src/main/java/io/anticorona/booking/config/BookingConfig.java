package io.anticorona.booking.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

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

    /**
     * The most bookings of one vaccine sent to vaccine-fn's stock check in one call (new bookings in ReservationBatcher,
     * waiters in WaitlistPromoter); vaccine-fn takes at most 500.
     */
    @WithDefault("100")
    @Min(1)
    @Max(500)
    int reservationBatchSize();

    /** A booking still PENDING after this long belongs to a request that died; it is abandoned. */
    @WithDefault("30s")
    Duration pendingTimeout();

    /** Admission of bookings (BookingAdmission). */
    Admission admission();

    interface Admission {

        /** How long a booking may expect to wait for its turn; past that it is shed with 503 overloaded. */
        @WithDefault("5s")
        Duration queueBudget();

        /** Bookings let run at once at the start; the limit then follows the measured latency. */
        @WithDefault("40")
        int initialLimit();

        @WithDefault("8")
        int minLimit();

        @WithDefault("200")
        int maxLimit();

        /** The time a booking is assumed to take until one has been measured (for the expected wait). */
        @WithDefault("50ms")
        Duration initialServiceTime();
    }
}
