package io.aicockpit.query.notify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Listens on one PostgreSQL notification channel on a thread of its own, with a connection of its own outside the
 * pool (a pooled connection would be handed to others between polls). Each notification's payload goes to
 * {@code onNotification}. {@code onListening} runs each time the channel is listened to, first and after every
 * reconnect, with {@code true} after a reconnect: what was notified while no one listened is lost, so the owner
 * looks for it then. After the connection fails it is opened again {@code reconnectDelay} later.
 */
public final class ChannelListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ChannelListener.class);
    private static final int WAIT_MILLIS = 500;

    private final String channel;
    private final DataSourceProperties dataSource;
    private final Duration reconnectDelay;
    private final Consumer<Boolean> onListening;
    private final Consumer<String> onNotification;
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param channel        the channel's name, also the thread's name and the {@code channel} key of log lines
     * @param onListening    told {@code false} once listening first, {@code true} after each reconnect
     * @param onNotification each notification's payload (empty when the notifier sent none)
     */
    public ChannelListener(String channel, DataSourceProperties dataSource, Duration reconnectDelay,
                           Consumer<Boolean> onListening, Consumer<String> onNotification) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        this.channel = channel;
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.reconnectDelay = Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        this.onListening = Objects.requireNonNull(onListening, "onListening");
        this.onNotification = Objects.requireNonNull(onNotification, "onNotification");
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name(channel).daemon().start(this::listen);
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
                statement.execute("LISTEN " + channel);
                if (reconnect) {
                    log.atInfo().addKeyValue("channel", channel).log("notifications restored");
                }
                onListening.accept(reconnect);
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            onNotification.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                reconnect = true;
                log.atWarn().addKeyValue("channel", channel).addKeyValue("reason", e.getMessage())
                        .log("notifications lost; listening again after the reconnect delay");
                try {
                    Thread.sleep(reconnectDelay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
