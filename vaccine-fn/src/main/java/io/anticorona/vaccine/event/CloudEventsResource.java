package io.anticorona.vaccine.event;

import jakarta.ws.rs.Path;

import io.anticorona.common.cloudevents.CloudEventsEndpoint;
import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;
import io.anticorona.vaccine.imports.ShipmentInbox;

/**
 * The Knative path for the events BookingEventConsumer consumes from Kafka: same handler, same idempotency. In the
 * cluster the shipment PingSource delivers here too (only the event delivery may call /events): its tick scans the
 * shipment inbox, which applies each shipment at most once by itself.
 */
@Path("/events")
public class CloudEventsResource extends CloudEventsEndpoint {

    /** The type of the events a Knative PingSource sends. */
    static final String PING = "dev.knative.sources.ping";

    private final Inbox inbox;
    private final BookingEventConsumer consumer;
    private final ShipmentInbox shipments;

    public CloudEventsResource(Inbox inbox, BookingEventConsumer consumer, ShipmentInbox shipments) {
        this.inbox = inbox;
        this.consumer = consumer;
        this.shipments = shipments;
    }

    @Override
    protected void deliver(IncomingEvent event) {
        if (PING.equals(event.type())) {
            shipments.scan();
        } else {
            inbox.apply(event, consumer.handlers());
        }
    }
}
