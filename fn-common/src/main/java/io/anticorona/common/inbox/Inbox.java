package io.anticorona.common.inbox;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
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
    private final MeterRegistry metrics;

    public Inbox(PlainSql sql, MeterRegistry metrics) {
        this.sql = sql;
        this.metrics = metrics;
    }

    /**
     * Applies an event at most once, from any transport (Kafka, or CloudEvents over HTTP; fn-common's EventDispatcher
     * calls it): the handler runs in one transaction with the inbox record, and is skipped for an event id seen before.
     */
    public void apply(IncomingEvent event, Consumer<IncomingEvent> handler) {
        boolean applied = QuarkusTransaction.requiringNew().call(() -> {
            boolean first = recordFirstDelivery(event);
            if (first) {
                handler.accept(event);
            }
            return first;
        });
        count(event, applied);
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
