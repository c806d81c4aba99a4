package io.anticorona.common.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
import io.quarkus.arc.All;
import io.opentelemetry.context.Scope;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * The one way an event reaches its handler, whichever way it came: the in-process Kafka consumers (locally) and
 * {@code POST /events} (in the cluster) both dispatch here, to the handlers the function's {@link EventHandlers}
 * beans declare. An event of a type nobody handles is acknowledged at once, without a transaction or an inbox record
 * (there is nothing to apply twice).
 */
@ApplicationScoped
public class EventDispatcher {

    private static final Logger LOG = Logger.getLogger(EventDispatcher.class);

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
     * For an {@code @Incoming} method: applies the events of one poll, in the order of the topic, in one transaction
     * with their inbox records, then acknowledges the batch. One transaction per poll instead of one per event is most
     * of a consumer's saving under load. A failing batch is retried as a whole by the one guard of every consumer
     * ({@link EventRetry}): an event that arrived before the one it builds on, or a deadlock with another channel's
     * batch. If it still fails, or a type's handler skips the inbox (it may call out and is applied on its own), its
     * events are applied one at a time instead ({@link #consumeEach}), but for one its handler found malformed: that one
     * would be again.
     */
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        Map<UUID, MalformedEventException> malformed = new HashMap<>();
        if (!appliedTogether(records, malformed)) {
            try {
                consumeEach(records, malformed);
            } catch (CompletionException deadLetterFailed) {
                return CompletableFuture.failedFuture(deadLetterFailed.getCause());
            }
        }
        return batch.ack();
    }

    /** False when the batch cannot be applied in one transaction; then nothing of it was applied. */
    private boolean appliedTogether(List<? extends Message<String>> records, Map<UUID, MalformedEventException> malformed) {
        List<IncomingEvent> events = new ArrayList<>(records.size());
        Map<IncomingEvent, Consumer<IncomingEvent>> actions = new IdentityHashMap<>();
        try {
            for (Message<String> record : records) {
                IncomingEvent event = IncomingEvent.from(record);
                EventHandler handler = handlers.get(event.type());
                if (handler != null && !handler.throughInbox()) {
                    return false;
                }
                if (handler != null) {
                    events.add(event);
                    actions.put(event, inTraceOf(record, noting(malformed, handler.action())));
                }
            }
            applyAllRetried(events, actions::get);
            return true;
        } catch (RuntimeException e) {
            LOG.infof("A batch of %d events failed together, so each is applied on its own: %s", records.size(), e);
            return false;
        }
    }

    /**
     * Each event with the one guard of every consumer ({@link EventRetry}). An event that still fails, or can never
     * apply, is negatively acknowledged, so the channel's failure strategy sends it to the dead-letter topic and the
     * rest goes on; a failure thrown out of the method instead would stop the channel.
     */
    private void consumeEach(List<? extends Message<String>> records, Map<UUID, MalformedEventException> malformed) {
        for (Message<String> record : records) {
            try {
                IncomingEvent event = IncomingEvent.from(record);
                if (malformed.containsKey(event.id())) {
                    throw malformed.get(event.id());
                }
                inTraceOf(record, this::dispatchRetried).accept(event);
            } catch (RuntimeException e) {
                record.nack(e).toCompletableFuture().join();
            }
        }
    }

    /** Notes the events a handler finds malformed while a batch is tried. */
    private static Consumer<IncomingEvent> noting(Map<UUID, MalformedEventException> malformed,
            Consumer<IncomingEvent> action) {
        return event -> {
            try {
                action.accept(event);
            } catch (MalformedEventException e) {
                malformed.put(event.id(), e);
                throw e;
            }
        };
    }

    /**
     * Runs an event's handler in its record's trace (the connector's consumer span of that record), as a record
     * consumed on its own would be: what the handler writes to the outbox continues the trace. A batch makes no
     * record's span current by itself.
     */
    private static Consumer<IncomingEvent> inTraceOf(Message<String> record, Consumer<IncomingEvent> action) {
        return TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext)
                .<Consumer<IncomingEvent>> map(trace -> event -> {
                    try (Scope scope = trace.makeCurrent()) {
                        action.accept(event);
                    }
                })
                .orElse(action);
    }

    /** Also for a batch without an event to apply: the guard's metrics then exist from the first batch on. */
    @ApplyGuard(EventRetry.GUARD)
    void applyAllRetried(List<IncomingEvent> events, Function<IncomingEvent, Consumer<IncomingEvent>> actions) {
        inbox.applyAll(events, actions);
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
