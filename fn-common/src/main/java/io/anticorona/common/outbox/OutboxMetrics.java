package io.anticorona.common.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;

/**
 * The outbox backlog as two gauges, {@code anticorona_outbox_pending_events} and
 * {@code anticorona_outbox_oldest_event_age_seconds} (0 when empty). Both come from one query on outbox_event, run
 * when Prometheus scrapes (at most once a second, so one scrape costs one query) and never on a booking's path.
 */
@ApplicationScoped
@IfBuildProperty(name = "anticorona.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    private static final String BACKLOG = "select count(*), min(created_at) from outbox_event";
    private static final Duration FRESH = Duration.ofSeconds(1);

    /** What one query saw: how many events wait, and the age of the oldest. */
    record Backlog(Instant readAt, double pending, double oldestAgeSeconds) {
    }

    private final DataSource dataSource;
    private final Clock clock = Clock.systemUTC();
    private volatile Backlog last = new Backlog(Instant.EPOCH, Double.NaN, Double.NaN);

    public OutboxMetrics(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("anticorona.outbox.pending.events", this, m -> m.backlog().pending())
                .description("Events written to the outbox and not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("anticorona.outbox.oldest.event.age.seconds", this, m -> m.backlog().oldestAgeSeconds())
                .description("Age of the oldest event still in the outbox (0 when it is empty)")
                .register(registry);
    }

    private synchronized Backlog backlog() {
        Instant now = clock.instant();
        if (Duration.between(last.readAt(), now).compareTo(FRESH) > 0) {
            last = read(now);
        }
        return last;
    }

    /** NaN when the database cannot be asked: unknown, rather than a reassuring 0. */
    private Backlog read(Instant now) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(BACKLOG)) {
            row.next();
            Timestamp oldest = row.getTimestamp(2);
            double age = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0);
            return new Backlog(now, row.getLong(1), age);
        } catch (SQLException e) {
            LOG.debugf("Outbox backlog not read: %s", e.getMessage());
            return new Backlog(now, Double.NaN, Double.NaN);
        }
    }
}
