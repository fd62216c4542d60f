package io.aicockpit.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL channel {@value #CHANNEL}, which the event store's trigger (command-side migration V15)
 * notifies when a transaction that appended events commits, and wakes the event store's fetcher: the projections
 * see command-side's events at once instead of at the next poll ({@code aicockpit.query-side.event-poll-interval}),
 * which remains for a lost notification. Uses a connection of its own, outside the pool; after it fails it is
 * opened again.
 */
@Component
class EventStoreWakeUp implements SmartLifecycle {
    static final String CHANNEL = "aicockpit_event_store";
    private static final Logger log = LoggerFactory.getLogger(EventStoreWakeUp.class);
    private static final int WAIT_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1000;

    private final DataSourceProperties dataSource;
    private final WakeableEventStore eventStore;
    private volatile boolean running;
    private volatile Thread thread;

    EventStoreWakeUp(DataSourceProperties dataSource, WakeableEventStore eventStore) {
        this.dataSource = dataSource;
        this.eventStore = eventStore;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("event-store-wake-up").daemon().start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(dataSource.determineUrl(),
                    dataSource.determineUsername(), dataSource.determinePassword());
                 Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                eventStore.wake(); // whatever was appended while no one listened
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        eventStore.wake();
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.atWarn().addKeyValue("reason", e.getMessage())
                        .log("event store notifications lost; polling until they are back");
                try {
                    Thread.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
