package io.anticorona.mypage.event;

import jakarta.ws.rs.Path;

import io.anticorona.common.cloudevents.CloudEventsEndpoint;
import io.anticorona.common.inbox.Inbox;
import io.anticorona.common.inbox.IncomingEvent;

/** The Knative path for the events MyPageEventConsumer consumes from Kafka: same handler, same idempotency. */
@Path("/events")
public class CloudEventsResource extends CloudEventsEndpoint {

    private final Inbox inbox;
    private final MyPageEventConsumer consumer;

    public CloudEventsResource(Inbox inbox, MyPageEventConsumer consumer) {
        this.inbox = inbox;
        this.consumer = consumer;
    }

    @Override
    protected void deliver(IncomingEvent event) {
        inbox.apply(event, consumer::apply);
    }
}
