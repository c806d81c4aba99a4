package io.anticorona.common.outbox;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.anticorona.common.job.ScheduledJobs;
import io.anticorona.common.sql.PlainSql;
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
 * <p>
 * Order per aggregate holds because rounds never overlap, on one instance or across instances: a round holds a
 * PostgreSQL advisory lock (one key per database) from its select until every message it handed to the producer has
 * settled (acknowledged or failed), so the next round, here or on another instance, reads the outbox's head only once
 * nothing of the previous round can still reach the broker. After a failed round the relay probes with the head
 * event alone until one is acknowledged, so a broker outage never queues a whole batch.
 */
@ApplicationScoped
@IfBuildProperty(name = "anticorona.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay implements ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** The advisory lock that serialises the relay rounds of every instance on this database ("outbox" in ASCII). */
    private static final String ONE_ROUND_AT_A_TIME = "select pg_advisory_xact_lock(111634999091320)";
    private static final String NEXT_BATCH = """
            select seq, id, aggregate_id, type, payload, created_at, traceparent
            from outbox_event order by seq limit ?1 for update""";
    private static final String DELETE_SENT = "delete from outbox_event where seq = any(cast(?1 as bigint[]))";

    private final MutinyEmitter<String> emitter;
    private final PlainSql sql;
    private final OutboxConfig config;
    private final URI source;
    private final Drainer drainer = new Drainer(this::drain);
    /** Whether the last round failed: the next one sends the head event alone, until one is acknowledged. */
    private volatile boolean probing = true;
    /** The sends of the last round, settled unless it gave up waiting for them. */
    private volatile CompletableFuture<Void> lastRound = CompletableFuture.completedFuture(null);

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, PlainSql sql, OutboxConfig config) {
        this.emitter = emitter;
        this.sql = sql;
        this.config = config;
        this.source = URI.create(config.source());
    }

    /** Relays soon after a commit; the commits of a burst share the rounds of one drainer. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
        drainer.request();
    }

    /**
     * The safety net: picks up whatever a crash or a broker outage left behind. The relay runs on a worker thread
     * and this returns at once; a ping's instance stays up well past it (Knative keeps an instance for its
     * scale-to-zero grace period after the last request).
     */
    @Scheduled(identity = "outbox-relay", every = "${anticorona.schedule.outbox-relay}", delayed = "5s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        drainer.request();
    }

    @Override
    public Map<String, Runnable> jobs() {
        return Map.of("outbox-relay", this::poll);
    }

    /** Relays until the outbox is empty or the broker fails; a failed round waits for the next request. */
    private void drain() {
        try {
            boolean more = true;
            while (more) {
                awaitLastRound();
                more = QuarkusTransaction.requiringNew().timeout(transactionTimeout()).call(this::relayBatch);
            }
        } catch (RuntimeException e) {
            probing = true;
            LOG.warnf("Outbox relay paused, will retry: %s", e.getMessage());
        }
    }

    /**
     * One round: under the advisory lock, the head of the outbox (one event while probing) goes to the producer, and
     * the round waits until every send has settled. Deleted only if all were acknowledged; a single failure keeps them
     * all, since a later event may have reached the broker after an earlier one failed (the resend restores order for
     * the first deliveries of the rest, and consumers drop duplicates).
     *
     * @return whether the batch was full, so there may be more
     */
    private boolean relayBatch() {
        sql.first(ONE_ROUND_AT_A_TIME, row -> true);
        int limit = probing ? 1 : config.batchSize();
        List<OutboxEvent> batch = sql.list(NEXT_BATCH, OutboxRelay::event, limit);
        if (batch.isEmpty()) {
            return false;
        }
        // The transaction (its locks) is only suspended meanwhile, so the producer's threads never join it.
        QuarkusTransaction.suspendingExisting().run(() -> {
            lastRound = sendAll(batch);
            awaitSettled(lastRound);
        });
        sql.update(DELETE_SENT, PlainSql.array("bigint", batch.stream().map(e -> e.seq).toList()));
        probing = false;
        return batch.size() == limit;
    }

    /** A row of the outbox, read with plain SQL ({@link PlainSql}); the entity's load and delete were 5 % of booking-fn. */
    private static OutboxEvent event(ResultSet row) throws SQLException {
        OutboxEvent event = new OutboxEvent();
        event.seq = row.getLong(1);
        event.id = row.getObject(2, UUID.class);
        event.aggregateId = row.getString(3);
        event.type = row.getString(4);
        event.payload = row.getString(5);
        event.createdAt = row.getObject(6, OffsetDateTime.class);
        event.traceparent = row.getString(7);
        return event;
    }

    /**
     * Subscribed in list order, so the producer keeps the outbox order, and pipelined: no event waits for the one
     * before it. Completes once every send has settled, failed if any failed.
     */
    private CompletableFuture<Void> sendAll(List<OutboxEvent> batch) {
        return Uni.join().all(batch.stream().map(this::send).toList()).andCollectFailures()
                .replaceWithVoid().subscribeAsCompletionStage();
    }

    /** Waits for sends to settle; sends that outlast the wait are waited for again before the next round. */
    private void awaitSettled(CompletableFuture<Void> sends) {
        try {
            sends.get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not acknowledge every event: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka neither acknowledged nor failed every event in "
                    + config.sendTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    /**
     * Sends of a round that gave up waiting could still reach the broker after the next round's resend of the events
     * before them; so the next round starts only once they have settled (waited for outside any transaction).
     */
    private void awaitLastRound() {
        CompletableFuture<Void> previous = lastRound;
        if (!previous.isDone()) {
            awaitSettled(previous.exceptionally(failed -> null));
        }
    }

    /** Time to wait for another instance's round (the advisory lock) and then for this one's. */
    private int transactionTimeout() {
        return (int) config.sendTimeout().multipliedBy(2).plusSeconds(30).toSeconds();
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
