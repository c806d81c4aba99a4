package io.anticorona.common.inbox;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.anticorona.common.sql.PlainSql;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Remembers which events were applied, in the same transaction as their effects, so a redelivery changes nothing. */
@ApplicationScoped
public class Inbox {

    /** A plain statement ({@link PlainSql}): through Hibernate's native query it was a tenth of mypage-fn's samples. */
    private static final String RECORD = "insert into processed_event (id, type) values (?1, ?2) on conflict (id) do nothing";

    private final PlainSql sql;
    private final EntityManager entities;
    private final MeterRegistry metrics;

    public Inbox(PlainSql sql, EntityManager entities, MeterRegistry metrics) {
        this.sql = sql;
        this.entities = entities;
        this.metrics = metrics;
    }

    /**
     * Applies an event at most once, from any transport (Kafka, or CloudEvents over HTTP; fn-common's EventDispatcher
     * calls it): the handler runs in one transaction with the inbox record, and is skipped for an event id seen before.
     */
    public void apply(IncomingEvent event, Consumer<IncomingEvent> handler) {
        applyAll(List.of(event), ignored -> handler);
    }

    /**
     * Applies events in order, each at most once, all in one transaction: all of them, or none if one fails. Each
     * event's entity changes are flushed before the next event, so that its plain SQL ({@link PlainSql}, which does not
     * flush) sees them. The persistence context is not cleared: an entity an earlier event loaded does not see a later
     * plain write to its row.
     */
    public void applyAll(List<IncomingEvent> events, Function<IncomingEvent, Consumer<IncomingEvent>> handlers) {
        if (events.isEmpty()) {
            return;
        }
        boolean[] applied = QuarkusTransaction.requiringNew().call(() -> {
            boolean[] first = new boolean[events.size()];
            for (int i = 0; i < first.length; i++) {
                IncomingEvent event = events.get(i);
                first[i] = recordFirstDelivery(event);
                if (first[i]) {
                    handlers.apply(event).accept(event);
                    entities.flush();
                }
            }
            return first;
        });
        for (int i = 0; i < applied.length; i++) {
            count(events.get(i), applied[i]);
        }
    }

    /** anticorona_inbox_events_total{type, result}: counted once committed, so a rolled-back attempt never counts. */
    private void count(IncomingEvent event, boolean applied) {
        metrics.counter("anticorona.inbox.events", "type", event.type(), "result", applied ? "applied" : "duplicate")
                .increment();
    }

    /** Records the event id: true the first time; a concurrent duplicate waits for the first and then gets false. */
    @Transactional(TxType.MANDATORY)
    public boolean recordFirstDelivery(IncomingEvent event) {
        return sql.update(RECORD, event.id(), event.type()) == 1;
    }
}
