package io.anticorona.booking.event;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.anticorona.booking.service.WaitlistPromoter;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.common.inbox.MalformedEventException;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * When a vaccine's availability grows, promotes its waiting bookings. Promotion is idempotent by nature (a repeat
 * finds nobody to promote or no dose left), so these events need no inbox.
 */
@ApplicationScoped
public class StockEventConsumer {

    @RegisterForReflection
    record AvailabilityGrew(long vaccineId) {
    }

    private final WaitlistPromoter promoter;

    public StockEventConsumer(WaitlistPromoter promoter) {
        this.promoter = promoter;
    }

    @Incoming("vaccine-events")
    @Blocking(ordered = false)
    @Retry(maxRetries = 20, delay = 500, jitter = 200, abortOn = MalformedEventException.class)
    public CompletionStage<Void> onVaccineEvent(Message<String> message) {
        apply(IncomingEvent.from(message));
        return message.ack();
    }

    void apply(IncomingEvent event) {
        if (concerns(event)) {
            promoter.promote(event.data(AvailabilityGrew.class).vaccineId(), event.time());
        }
    }

    static boolean concerns(IncomingEvent event) {
        return "StockAdded".equals(event.type()) || "ReservationReleased".equals(event.type());
    }
}
