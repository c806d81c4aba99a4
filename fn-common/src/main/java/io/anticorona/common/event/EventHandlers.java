package io.anticorona.common.event;

import java.util.Map;

/**
 * A function's share of the events it consumes: a handler per event type. Every bean of this type feeds the one
 * {@link EventDispatcher}, which both the Kafka consumers and {@code POST /events} use; an event type is handled by
 * one bean only.
 */
public interface EventHandlers {

    Map<String, EventHandler> handlers();
}
