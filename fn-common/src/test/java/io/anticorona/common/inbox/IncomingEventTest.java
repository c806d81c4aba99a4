package io.anticorona.common.inbox;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What makes an event one that can never be applied: it goes to the dead-letter topic (or 400) instead of retries. */
class IncomingEventTest {

    record Data(long vaccineId) {
    }

    @Test
    void anEventWithoutAUuidIdOrWithoutATypeIsMalformed() {
        assertThrows(MalformedEventException.class, () -> IncomingEvent.of("42", "TestEvent", "k", "{}"));
        assertThrows(MalformedEventException.class, () -> IncomingEvent.of(null, "TestEvent", "k", "{}"));
        assertThrows(MalformedEventException.class, () -> IncomingEvent.of(UUID.randomUUID().toString(), " ", "k", "{}"));
    }

    @Test
    void unreadableDataIsMalformedWhileUnknownFieldsAreIgnored() {
        IncomingEvent unreadable = IncomingEvent.of(UUID.randomUUID().toString(), "TestEvent", "k", "{\"vaccineId\":");
        assertThrows(MalformedEventException.class, () -> unreadable.data(Data.class));

        IncomingEvent newer = IncomingEvent.of(UUID.randomUUID().toString(), "TestEvent", "k",
                "{\"vaccineId\":7,\"addedLater\":true}");
        assertEquals(new Data(7), newer.data(Data.class));
    }
}
