package io.anticorona.common.event;

import java.util.function.Consumer;

import io.anticorona.common.inbox.IncomingEvent;

/**
 * What a function does with one type of event. Most handlers run once per event id, in the inbox's transaction
 * ({@link #onceEach}); a handler that is idempotent by nature (a repeat changes nothing) may skip the inbox
 * ({@link #idempotent}).
 */
public record EventHandler(Consumer<IncomingEvent> action, boolean throughInbox) {

    /** Applied at most once per event id: the inbox records the id in the same transaction as the effect. */
    public static EventHandler onceEach(Consumer<IncomingEvent> action) {
        return new EventHandler(action, true);
    }

    /** Applied on every delivery, without an inbox record, because a repeat finds nothing left to do. */
    public static EventHandler idempotent(Consumer<IncomingEvent> action) {
        return new EventHandler(action, false);
    }
}
