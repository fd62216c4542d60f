package io.aicockpit.query.workspace;

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
 * Listens on PostgreSQL channel {@value #CHANNEL}, which {@code workspace_view}'s trigger notifies (payload: the
 * tenant) when a row changes, and wakes that tenant's status streams. Uses a connection of its own, outside the
 * pool, held for the life of the service: a pooled connection would be handed to others between polls. After the
 * connection fails it is opened again, and every stream looks for what it may have missed meanwhile.
 */
@Component
class WorkspaceChangeListener implements SmartLifecycle {
    static final String CHANNEL = "aicockpit_workspace_view";
    private static final Logger log = LoggerFactory.getLogger(WorkspaceChangeListener.class);
    private static final int POLL_MILLIS = 500;

    private final DataSourceProperties dataSource;
    private final WorkspaceStatusStreams streams;
    private final WorkspaceStreamProperties properties;
    private volatile boolean running;
    private volatile Thread thread;

    WorkspaceChangeListener(DataSourceProperties dataSource, WorkspaceStatusStreams streams,
                            WorkspaceStreamProperties properties) {
        this.dataSource = dataSource;
        this.streams = streams;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("workspace-view-listener").daemon().start(this::listen);
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
        boolean reconnect = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(dataSource.determineUrl(),
                    dataSource.determineUsername(), dataSource.determinePassword());
                 Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                if (reconnect) {
                    log.atInfo().log("workspace view notifications restored");
                    streams.changedAnywhere();
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            streams.changed(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                reconnect = true;
                log.atWarn().addKeyValue("reason", e.getMessage())
                        .log("workspace view notifications lost; reconnecting");
                try {
                    Thread.sleep(properties.reconnectDelay());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
