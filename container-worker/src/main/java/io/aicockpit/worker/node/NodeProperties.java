package io.aicockpit.worker.node;

import io.aicockpit.coreapi.messaging.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * This node's place in the fleet ({@code aicockpit.container-worker.node.*}). Capacity left unset is taken from the
 * host: the engine's CPUs (times {@code cpu-overcommit}) and memory, the size of the file system holding workspace
 * volumes.
 *
 * @param heartbeatEnabled  off only for tests of other packages
 * @param heartbeatInterval time between two heartbeats; command-side marks the node lost after its own timeout
 *                          ({@code aicockpit.placement.node-timeout}, 15 s), so keep this well below it
 * @param heartbeatTopic    where heartbeats go; only tests change it
 * @param apiUri            where the gateway reaches this node's workspace API; blank: {@code http://<host name>:<port>}
 * @param labels            {@code key=value} labels tenants' node selectors match, e.g. {@code pool=general}
 * @param cpus              CPU cores workspaces may reserve (sum of their limits), taken as given; unset: the
 *                          engine's CPUs times {@code cpuOvercommit}
 * @param cpuOvercommit     how many CPU cores workspaces may reserve per core of the engine when {@code cpus} is
 *                          unset (default 4: a workspace's CPU limit caps it, but workspaces mostly idle, so a
 *                          2-core node takes 16 workspaces of 0.5 CPU rather than 4); 1 reserves no more than
 *                          there is. Placement refuses a start once the reserved CPU would pass the capacity.
 * @param memory            memory workspaces may reserve; unset: the engine's memory
 * @param disk              disk for workspace volumes (reported, not enforced); unset: the volume file system's size
 * @param maxWorkspaces     running workspaces at most; unset: one per 256 MiB of memory, at most 100
 * @param diskInterval      how often a running workspace's volume use is measured for the heartbeat
 */
@Validated
@ConfigurationProperties("aicockpit.container-worker.node")
public record NodeProperties(@DefaultValue("true") boolean heartbeatEnabled,
                             @DefaultValue("5s") @NotNull Duration heartbeatInterval,
                             @DefaultValue(Topics.NODE_HEARTBEATS) @NotBlank String heartbeatTopic,
                             URI apiUri,
                             @DefaultValue List<String> labels,
                             Double cpus,
                             @DefaultValue("4") double cpuOvercommit,
                             DataSize memory,
                             DataSize disk,
                             Integer maxWorkspaces,
                             @DefaultValue("30s") @NotNull Duration diskInterval) {
    public NodeProperties {
        labels = labels == null ? List.of() : List.copyOf(labels);
        if (heartbeatInterval != null && heartbeatInterval.toMillis() < 100) {
            throw new IllegalArgumentException("node.heartbeat-interval must be at least 100ms");
        }
        if (cpus != null && !(cpus > 0)) {
            throw new IllegalArgumentException("node.cpus must be positive");
        }
        if (!(cpuOvercommit > 0) || Double.isInfinite(cpuOvercommit)) {
            throw new IllegalArgumentException("node.cpu-overcommit must be a positive number");
        }
        if (maxWorkspaces != null && maxWorkspaces < 0) {
            throw new IllegalArgumentException("node.max-workspaces must not be negative");
        }
        labelMap(labels);
    }

    /**
     * The CPU capacity workspaces may reserve, in nano-CPUs: {@code cpus} as configured, else the engine's
     * {@code engineNanoCpus} times {@code cpuOvercommit}.
     */
    public long nanoCpus(long engineNanoCpus) {
        return cpus != null ? Math.round(cpus * 1_000_000_000L) : Math.round(engineNanoCpus * cpuOvercommit);
    }

    /** The labels as a map; a malformed entry stops the start-up. */
    public Map<String, String> labelMap() {
        return labelMap(labels);
    }

    private static Map<String, String> labelMap(List<String> labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            String key = eq < 0 ? "" : label.substring(0, eq).strip();
            String value = eq < 0 ? "" : label.substring(eq + 1).strip();
            if (!io.aicockpit.coreapi.tenant.TenantPlacement.LABEL.matcher(key).matches()
                    || !io.aicockpit.coreapi.tenant.TenantPlacement.LABEL.matcher(value).matches()) {
                throw new IllegalArgumentException("node.labels takes key=value entries of letters, digits, "
                        + "'.', '_', '/', '-' (1-63 each); got '" + label + "'");
            }
            map.put(key, value);
        }
        return map;
    }
}
