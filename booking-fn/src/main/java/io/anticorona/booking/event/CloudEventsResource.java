package io.anticorona.booking.event;

import jakarta.ws.rs.Path;

import io.anticorona.common.cloudevents.CloudEventsEndpoint;
import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;

/** The Knative path for the events booking-fn consumes from Kafka: same handlers, same idempotency. */
@Path("/events")
public class CloudEventsResource extends CloudEventsEndpoint {

    private final Inbox inbox;
    private final StockEventConsumer stockEvents;
    private final InjectionEventConsumer injectionEvents;

    public CloudEventsResource(Inbox inbox, StockEventConsumer stockEvents, InjectionEventConsumer injectionEvents) {
        this.inbox = inbox;
        this.stockEvents = stockEvents;
        this.injectionEvents = injectionEvents;
    }

    @Override
    protected void deliver(IncomingEvent event) {
        if (StockEventConsumer.concerns(event)) {
            stockEvents.apply(event);
        } else {
            inbox.apply(event, injectionEvents::apply);
        }
    }
}
