package io.anticorona.mypage.mail;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));

    @Test
    void doublesFromTheFirstDelay() {
        assertEquals(Duration.ofSeconds(2), backoff.after(1));
        assertEquals(Duration.ofSeconds(4), backoff.after(2));
        assertEquals(Duration.ofSeconds(8), backoff.after(3));
        assertEquals(Duration.ofSeconds(256), backoff.after(8));
    }

    @Test
    void neverWaitsLongerThanTheMaximumAndNeverGivesUp() {
        assertEquals(Duration.ofSeconds(512), backoff.after(9));
        assertEquals(Duration.ofMinutes(10), backoff.after(10));
        assertEquals(Duration.ofMinutes(10), backoff.after(1_000));
        assertEquals(Duration.ofMinutes(10), backoff.after(Integer.MAX_VALUE));
    }

    @Test
    void aFirstDelayAboveTheMaximumIsCut() {
        assertEquals(Duration.ofSeconds(1), new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).after(1));
    }
}
