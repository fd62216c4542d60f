package io.aicockpit.query.workspace;

import io.aicockpit.query.notify.ChannelListener;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Listens on PostgreSQL channel {@value #CHANNEL}, which {@code workspace_view}'s trigger notifies (payload: the
 * tenant) when a row changes, and wakes that tenant's status streams. After the connection failed and is open
 * again, every stream looks for what it may have missed meanwhile.
 */
@Configuration(proxyBeanMethods = false)
class WorkspaceChangeListener {
    static final String CHANNEL = "aicockpit_workspace_view";

    @Bean
    ChannelListener workspaceViewListener(DataSourceProperties dataSource, WorkspaceStatusStreams streams,
                                            WorkspaceStreamProperties properties) {
        return new ChannelListener(CHANNEL, dataSource, properties.reconnectDelay(), reconnected -> {
            if (reconnected) {
                streams.changedAnywhere();
            }
        }, streams::changed);
    }
}
