package io.aicockpit.query.workspace;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the live status stream ({@code GET /api/v1/workspaces/events}).
 *
 * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open; every heartbeat also
 *                  looks for changes a lost notification did not announce
 * @param maxStreamsPerUser open streams one user (tenant and subject) may hold on this instance; more answer 429
 * @param batchSize rows read per query while catching up
 * @param reconnectDelay wait before the LISTEN connection is opened again after it failed
 */
@ConfigurationProperties("aicockpit.query-side.workspace-stream")
record WorkspaceStreamProperties(@DefaultValue("15s") Duration heartbeat,
                                 @DefaultValue("5") int maxStreamsPerUser,
                                 @DefaultValue("100") int batchSize,
                                 @DefaultValue("1s") Duration reconnectDelay) {
    WorkspaceStreamProperties {
        if (maxStreamsPerUser < 1 || batchSize < 1 || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("workspace-stream: heartbeat, max-streams-per-user and batch-size"
                    + " must be positive");
        }
    }
}
