package io.anticorona.injection;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.anticorona.common.event.EventHandler;
import io.anticorona.common.event.EventHandlers;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;

/**
 * Two event types only the tests send, handled beside the function's own (the same dispatcher, consumer and retry
 * guard): TestFlaky fails its first two deliveries, as a database hiccup would; TestMalformed can never be applied.
 * Each counts how often it was tried.
 */
@ApplicationScoped
public class TestEvents implements EventHandlers {

    static final String FLAKY = "TestFlaky";
    static final String MALFORMED = "TestMalformed";
    static final int FAILURES = 2;

    private static final Map<UUID, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    private static final Set<UUID> APPLIED = ConcurrentHashMap.newKeySet();

    static int attempts(UUID eventId) {
        AtomicInteger attempts = ATTEMPTS.get(eventId);
        return attempts == null ? 0 : attempts.get();
    }

    static boolean applied(UUID eventId) {
        return APPLIED.contains(eventId);
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(
                FLAKY, EventHandler.onceEach(this::flaky),
                MALFORMED, EventHandler.onceEach(this::malformed));
    }

    private void flaky(IncomingEvent event) {
        if (attempt(event) <= FAILURES) {
            throw new IllegalStateException("Attempt " + attempts(event.id()) + " of " + event.id() + " fails");
        }
        APPLIED.add(event.id());
    }

    private void malformed(IncomingEvent event) {
        attempt(event);
        throw new MalformedEventException("Event " + event.id() + " can never be applied");
    }

    private static int attempt(IncomingEvent event) {
        return ATTEMPTS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    }
}
