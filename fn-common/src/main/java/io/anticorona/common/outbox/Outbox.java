package io.anticorona.common.outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.anticorona.common.tracing.TraceParent;

/** Writes domain events in the caller's transaction; {@link OutboxRelay} sends them once it commits. */
@ApplicationScoped
public class Outbox {

    /** Fired when an event is written; observed after commit to relay it without waiting for the next poll. */
    public record Written(UUID eventId) {
    }

    private final ObjectMapper json;
    private final Event<Written> written;

    public Outbox(ObjectMapper json, Event<Written> written) {
        this.json = json;
        this.written = written;
    }

    @Transactional(TxType.MANDATORY)
    public UUID publish(Object aggregateId, String type, Object payload) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.aggregateId = String.valueOf(aggregateId);
        event.type = type;
        event.payload = toJson(payload);
        event.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        event.traceparent = TraceParent.current();
        event.persist();
        written.fire(new Written(event.id));
        return event.id;
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload cannot be written as JSON", e);
        }
    }
}
