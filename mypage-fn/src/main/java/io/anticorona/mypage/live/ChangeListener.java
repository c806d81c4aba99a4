package io.anticorona.mypage.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * One {@code LISTEN mypage_changed} per instance, on a connection of its own (outside the pool: it is held for the
 * instance's life), read by one platform thread with pgjdbc's {@link PGConnection#getNotifications(int)}. Every
 * notification goes to {@link MyPageStreams}, which fans it out to this instance's open pages. A lost connection is
 * opened again with a growing pause; as notifications sent meanwhile are lost, every open page then reads itself again.
 * <p>
 * Why pgjdbc and not Vert.x's PgSubscriber: the function already has pgjdbc (and its native-image support) for its
 * datasource, so this needs no second PostgreSQL driver, no reactive datasource and no second set of connection
 * settings in the cluster; the price is one blocked thread per instance.
 */
@ApplicationScoped
public class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    /** How long one wait for notifications lasts; an idle connection is checked with a query after each. */
    private static final int WAIT_MILLIS = 10_000;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500), LONGEST_PAUSE = Duration.ofSeconds(30);

    private final MyPageStreams streams;
    private final ObjectMapper json;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    public ChangeListener(MyPageStreams streams, ObjectMapper json,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.streams = streams;
        this.json = json;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent started) {
        running = true;
        thread = Thread.ofPlatform().daemon().name("mypage-changed-listener").start(this::listen);
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        closeQuietly(connection);
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen() {
        Duration pause = FIRST_PAUSE;
        boolean reconnecting = false;
        while (running) {
            try (Connection listening = connect()) {
                connection = listening;
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + MyPageChanges.CHANNEL);
                }
                if (reconnecting) {
                    LOG.info("Listening on mypage_changed again; every open page reads itself again");
                    streams.changed(PageChange.EVERYTHING);
                }
                pause = FIRST_PAUSE;
                receive(listening);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Listening on mypage_changed failed (%s); trying again in %d ms", e.getMessage(), pause.toMillis());
                reconnecting = true;
                if (!sleep(pause)) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private void receive(Connection listening) throws SQLException {
        PGConnection pg = listening.unwrap(PGConnection.class);
        while (running) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications == null || notifications.length == 0) {
                // Nothing for a while: make sure the connection is still there (a dead one fails here).
                try (Statement statement = listening.createStatement()) {
                    statement.execute("select 1");
                }
                continue;
            }
            for (PGNotification notification : notifications) {
                streams.changed(parse(notification.getParameter()));
            }
        }
    }

    private PageChange parse(String payload) {
        try {
            return json.readValue(payload, PageChange.class);
        } catch (Exception e) {
            LOG.warnf("Unreadable mypage_changed payload %s: every open page reads itself again", payload);
            return PageChange.EVERYTHING;
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("ApplicationName", "mypage-fn listener");
        Connection opened = new org.postgresql.Driver().connect(url, properties);
        if (opened == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
        }
        opened.setAutoCommit(true);
        return opened;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // closing anyway
            }
        }
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
