package io.anticorona.injection.event;

import jakarta.ws.rs.Path;

import io.anticorona.common.cloudevents.CloudEventsEndpoint;
import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;

/** The Knative path for the events BookingEventConsumer consumes from Kafka: same handler, same idempotency. */
@Path("/events")
public class CloudEventsResource extends CloudEventsEndpoint {

    private final Inbox inbox;
    private final BookingEventConsumer consumer;

    public CloudEventsResource(Inbox inbox, BookingEventConsumer consumer) {
        this.inbox = inbox;
        this.consumer = consumer;
    }

    @Override
    protected void deliver(IncomingEvent event) {
        inbox.apply(event, consumer.handlers());
    }
}
