package io.anticorona.mypage.mail;

import java.time.Duration;

/**
 * When a failed send is tried again: {@code first} after the first failure, doubling with every further failure up
 * to {@code max}. A mail is never given up on for a failed send (the server may be down for a day); only a customer
 * without an account or an address makes it undeliverable.
 */
public record Backoff(Duration first, Duration max) {

    public Duration after(int failedAttempts) {
        if (failedAttempts <= 1) {
            return first.compareTo(max) < 0 ? first : max;
        }
        // Doubling 2^30 times overflows any Duration we would use; past max it makes no difference anyway.
        int doublings = Math.min(failedAttempts - 1, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) < 0 ? delay : max;
    }
}
