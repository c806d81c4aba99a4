package io.anticorona.gateway.proxy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

class OriginTest {

    @Test
    void aWaitBoundOfZeroOrLessIsRefusedBecauseItWouldRemoveTheBound() {
        assertThrows(IllegalArgumentException.class, () -> new Origin(8082, "localhost", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Origin(8082, "localhost", Duration.ofSeconds(-1)));
    }
}
