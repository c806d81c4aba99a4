package io.anticorona.common.outbox;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.anticorona.common.tracing.TraceParent;
import io.anticorona.common.work.Drainer;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadataBuilder;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Sends committed outbox events to Kafka, in the order they were written, and deletes them once the broker has
 * acknowledged them. A failed round leaves the events in place; the next round sends them again (at least once).
 */
@ApplicationScoped
@IfBuildProperty(name = "anticorona.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String NEXT_BATCH = "select * from outbox_event order by seq limit ?1 for update skip locked";

    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final URI source;
    private final Drainer drainer = new Drainer(this::drain);

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, OutboxConfig config) {
        this.emitter = emitter;
        this.config = config;
        this.source = URI.create(config.source());
    }

    /** Relays soon after a commit; the commits of a burst share the rounds of one drainer. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
        drainer.request();
    }

    /** The safety net: picks up whatever a crash or a broker outage left behind. */
    @Scheduled(every = "${anticorona.outbox.poll-interval:2s}", delayed = "5s")
    void poll() {
        drainer.request();
    }

    /** Relays until the outbox is empty or the broker fails; a failed round waits for the next request. */
    private void drain() {
        try {
            while (QuarkusTransaction.requiringNew().call(this::relayBatch) == config.batchSize()) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay paused, will retry: %s", e.getMessage());
        }
    }

    private int relayBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxEvent> batch = OutboxEvent.getEntityManager()
                .createNativeQuery(NEXT_BATCH, OutboxEvent.class)
                .setParameter(1, config.batchSize())
                .getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        // Subscribed in list order, so the producer keeps the outbox order; acknowledged together. The transaction
        // (and its row locks) is only suspended meanwhile, so the producer's threads never join it.
        QuarkusTransaction.suspendingExisting().run(() -> Uni.join().all(batch.stream().map(this::send).toList())
                .andFailFast().await().atMost(config.sendTimeout()));
        OutboxEvent.delete("seq in ?1", batch.stream().map(e -> e.seq).toList());
        return batch.size();
    }

    /**
     * One record per event. With tracing on, the record continues the trace of the transaction that wrote the event:
     * the connector's producer span is its child and goes into the {@code traceparent} header, and the writer's
     * context also travels as the CloudEvents distributed-tracing extension ({@code ce_traceparent}).
     */
    private Uni<Void> send(OutboxEvent event) {
        OutgoingCloudEventMetadataBuilder<String> cloudEvent = OutgoingCloudEventMetadata.<String> builder()
                .withId(event.id.toString())
                .withType(event.type)
                .withSource(source)
                .withSubject(event.aggregateId)
                .withTimestamp(event.createdAt.toZonedDateTime())
                .withDataContentType("application/json");
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(event.aggregateId)
                .build();
        Message<String> message = Message.of(event.payload).addMetadata(kafka);
        if (event.traceparent != null) {
            cloudEvent.withExtension(TraceParent.NAME, event.traceparent);
            message = message.addMetadata(TracingMetadata.withCurrent(TraceParent.parse(event.traceparent)));
        }
        return emitter.sendMessage(message.addMetadata(cloudEvent.build()));
    }
}
