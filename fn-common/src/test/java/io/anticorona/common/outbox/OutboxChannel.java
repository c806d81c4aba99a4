package io.anticorona.common.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.smallrye.reactive.messaging.MutinyEmitter;

/** The relay's Kafka channel, for the tests that build a second relay beside the application's own. */
@ApplicationScoped
public class OutboxChannel {

    private final MutinyEmitter<String> emitter;

    public OutboxChannel(@Channel("outbox") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public MutinyEmitter<String> emitter() {
        return emitter;
    }
}
