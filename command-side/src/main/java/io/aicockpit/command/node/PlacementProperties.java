package io.aicockpit.command.node;

import io.aicockpit.coreapi.messaging.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Placement and node liveness ({@code aicockpit.placement.*}).
 *
 * @param enabled          off: no node is chosen and any worker takes a start from the shared actions topic (as before
 *                         nodes existed; tests of other parts that run no worker)
 * @param strategy         {@code spread} (the least loaded node) or {@code pack} (the most loaded that still fits)
 * @param nodeTimeout      a node whose last heartbeat is older is lost: no placement, its workspaces LOST
 * @param sweepInterval    how often lost nodes are looked for
 * @param heartbeatsTopic  where nodes send heartbeats; only tests change it
 * @param heartbeatsGroup  the consumer group reading them (one per platform, shared by command-side instances)
 */
@Validated
@ConfigurationProperties("aicockpit.placement")
public record PlacementProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("spread") @NotNull PlacementStrategy strategy,
                                  @DefaultValue("15s") @NotNull Duration nodeTimeout,
                                  @DefaultValue("2s") @NotNull Duration sweepInterval,
                                  @DefaultValue(Topics.NODE_HEARTBEATS) @NotBlank String heartbeatsTopic,
                                  @DefaultValue("aicockpit-command-side-nodes") @NotBlank String heartbeatsGroup) {
    public PlacementProperties {
        if (nodeTimeout != null && nodeTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("aicockpit.placement.node-timeout must be at least 1s");
        }
    }
}
