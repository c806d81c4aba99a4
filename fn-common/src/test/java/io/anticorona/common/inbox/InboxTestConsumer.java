package io.anticorona.common.inbox;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** A consumer as the functions write one: every record through the inbox. */
@ApplicationScoped
public class InboxTestConsumer {

    private final Inbox inbox;
    private final InboxEffects effects;

    public InboxTestConsumer(Inbox inbox, InboxEffects effects) {
        this.inbox = inbox;
        this.effects = effects;
    }

    @Incoming("inbox-test")
    @Blocking(ordered = false)
    public CompletionStage<Void> onEvent(Message<String> message) {
        return inbox.consume(message, effects::record);
    }
}
