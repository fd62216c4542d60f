package io.aicockpit.coreapi.node;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A worker node's periodic "I am alive" with what it offers and what it carries, sent on
 * {@link io.aicockpit.coreapi.messaging.Topics#NODE_HEARTBEATS} keyed by node id (nodes → command-side's placement,
 * query-side's node view). Nothing here is secret: it names tenants and workspaces, never users' data.
 *
 * @param nodeId     the node ({@code aicockpit.container-worker.node-id})
 * @param apiUri     where the node's workspace API (files, terminal, exec, disk) is reached
 * @param dockerHost the Docker endpoint the node drives
 * @param startedAt  when this worker process started (a new value means the node restarted)
 * @param sentAt     when this heartbeat was taken; older heartbeats than the last one seen change nothing
 * @param interval   how often the node sends one
 * @param labels     the node's labels ({@code key=value}), matched by tenants' node selectors
 * @param capacity   what the node offers to workspaces
 * @param load       what its workspaces use or have reserved now
 * @param workspaces every workspace container of this node, running or not
 */
public record NodeHeartbeat(NodeId nodeId, URI apiUri, String dockerHost, Instant startedAt, Instant sentAt,
                            Duration interval, Map<String, String> labels, Capacity capacity, Load load,
                            List<Container> workspaces) {
    public NodeHeartbeat {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(load, "load");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        workspaces = workspaces == null ? List.of() : List.copyOf(workspaces);
    }

    /**
     * What a node offers. A placement counts the limits of the workspaces it holds against these numbers.
     *
     * @param nanoCpus      CPU in billionths of a core (Docker's NanoCPUs), e.g. 2 cores = 2_000_000_000
     * @param memoryBytes   memory for workspace containers
     * @param diskBytes     the size of the file system holding workspace volumes
     * @param maxWorkspaces running workspaces at most
     */
    public record Capacity(long nanoCpus, long memoryBytes, long diskBytes, int maxWorkspaces) {}

    /**
     * What the node carries now.
     *
     * @param runningWorkspaces   running workspace containers
     * @param reservedNanoCpus    sum of the running containers' CPU limits
     * @param reservedMemoryBytes sum of the running containers' memory limits
     * @param usedMemoryBytes     memory the running containers use, as last sampled (null before the first sample)
     * @param diskUsedBytes       used bytes of the file system holding workspace volumes
     */
    public record Load(int runningWorkspaces, long reservedNanoCpus, long reservedMemoryBytes, Long usedMemoryBytes,
                       long diskUsedBytes) {}

    /**
     * One workspace container on the node.
     *
     * @param running       whether the container runs
     * @param diskLimitBytes the workspace volume's quota, null for a volume without one
     * @param diskUsedBytes  what the workspace's volume holds, null when not measured
     */
    public record Container(WorkspaceId workspaceId, TenantId tenantId, String containerId, boolean running,
                            Long diskLimitBytes, Long diskUsedBytes) {}
}
