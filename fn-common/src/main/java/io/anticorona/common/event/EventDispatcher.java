package io.anticorona.common.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;
import io.quarkus.arc.All;
import io.smallrye.faulttolerance.api.ApplyGuard;

/**
 * The one way an event reaches its handler, whichever way it came: the in-process Kafka consumers (locally) and
 * {@code POST /events} (in the cluster) both dispatch here, to the handlers the function's {@link EventHandlers}
 * beans declare. An event of a type nobody handles is acknowledged at once, without a transaction or an inbox record
 * (there is nothing to apply twice).
 */
@ApplicationScoped
public class EventDispatcher {

    private final Inbox inbox;
    private final Map<String, EventHandler> handlers = new HashMap<>();

    public EventDispatcher(Inbox inbox, @All List<EventHandlers> declared) {
        this.inbox = inbox;
        for (EventHandlers bean : declared) {
            bean.handlers().forEach((type, handler) -> {
                if (handlers.putIfAbsent(type, handler) != null) {
                    throw new IllegalStateException("Two handlers for events of type " + type);
                }
            });
        }
    }

    /**
     * For an {@code @Incoming} method: applies the record's event, retried by the one guard of every consumer
     * ({@link EventRetry}), then acknowledges the record. A record that still fails, or can never apply, is
     * negatively acknowledged, so the channel's failure strategy sends it to the dead-letter topic and goes on; a
     * failure thrown out of the method instead would stop the channel.
     */
    public CompletionStage<Void> consume(Message<String> message) {
        try {
            dispatchRetried(IncomingEvent.from(message));
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        return message.ack();
    }

    @ApplyGuard(EventRetry.GUARD)
    void dispatchRetried(IncomingEvent event) {
        dispatch(event);
    }

    /** Applies an event from any transport with its type's handler, through the inbox where the handler asks for it. */
    public void dispatch(IncomingEvent event) {
        EventHandler handler = handlers.get(event.type());
        if (handler == null) {
            return;
        }
        if (handler.throughInbox()) {
            inbox.apply(event, handler.action());
        } else {
            handler.action().accept(event);
        }
    }
}
