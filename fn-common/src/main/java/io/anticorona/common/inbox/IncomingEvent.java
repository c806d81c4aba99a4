package io.anticorona.common.inbox;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.anticorona.common.tracing.TraceParent;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * A domain event as a consumer sees it: its CloudEvents id and type, the aggregate key, the JSON data, the
 * CloudEvents time (when the producer wrote it) and its distributed-tracing extension (the producer's W3C
 * traceparent); the last two are null if the event carries none.
 */
public record IncomingEvent(UUID id, String type, String key, String data, OffsetDateTime time, String traceparent) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static IncomingEvent from(Message<String> message) {
        IncomingCloudEventMetadata<?> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new MalformedEventException("The record carries no CloudEvents headers"));
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> String.valueOf(kafka.getKey()))
                .orElse(cloudEvent.getSubject().orElse(null));
        OffsetDateTime time = cloudEvent.getTimeStamp().map(ZonedDateTime::toOffsetDateTime).orElse(null);
        String traceparent = cloudEvent.getExtension(TraceParent.NAME).map(String::valueOf).orElse(null);
        return new IncomingEvent(parseId(cloudEvent.getId()), cloudEvent.getType(), key, message.getPayload(), time,
                traceparent);
    }

    /** An event as it came over HTTP or from a test, with a CloudEvents id that must be a UUID. */
    public static IncomingEvent of(String id, String type, String key, String data) {
        return of(id, type, key, data, null, null);
    }

    public static IncomingEvent of(String id, String type, String key, String data, OffsetDateTime time,
            String traceparent) {
        if (type == null || type.isBlank()) {
            throw new MalformedEventException("The event has no type");
        }
        return new IncomingEvent(parseId(id), type, key, data == null ? "" : data, time, traceparent);
    }

    public <T> T data(Class<T> type) {
        try {
            return JSON.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("Event " + id + " of type " + this.type + " has unreadable data: " + e.getOriginalMessage());
        }
    }

    private static UUID parseId(String id) {
        if (id == null) {
            throw new MalformedEventException("The event has no id");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("The event id '" + id + "' is not a UUID");
        }
    }
}
