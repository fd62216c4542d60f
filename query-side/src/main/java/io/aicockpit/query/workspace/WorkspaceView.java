package io.aicockpit.query.workspace;

import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.StopReason;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A workspace as the API shows it. {@code version} is the sequence number of the last event applied, so a
 * client can tell which of two reads is newer. {@code lastActivityAt} is the newest use its node reported (null
 * before any; nodes report at most every ~30 s); {@code idleStopAt} is set while an idle warning is pending;
 * {@code stopReason} says why the last stop was requested. {@code volumeNodeId} is the node holding the workspace's
 * {@code /workspace} volume: volumes are node-local, so a workspace started on another node after its node was lost
 * starts with an empty {@code /workspace} there. {@code disk} is its volume's quota and use (null before a start
 * that recorded a quota and before any measurement).
 */
record WorkspaceView(UUID id, String tenantId, String name, String stackId, String image, WorkspaceStatus status,
                     String failureReason, ContainerActionType failedAction, Limits limits, Owner owner,
                     String nodeId, String containerId, Instant createdAt, Instant updatedAt, long version,
                     Instant lastActivityAt, Instant idleStopAt, StopReason stopReason, String volumeNodeId,
                     Disk disk) {

    /**
     * The workspace volume's size and use. {@code quotaBytes}: the tenant's disk quota at the last start;
     * {@code limitBytes}/{@code usedBytes}: as the node last measured the volume (running workspaces, about every
     * 30 s; null for a volume without a quota); {@code measuredAt}: when.
     */
    record Disk(Long quotaBytes, Long limitBytes, Long usedBytes, Instant measuredAt) {
    }

    /** The container's resource limits; see {@link io.aicockpit.coreapi.common.ResourceLimits}. */
    record Limits(long memoryBytes, long swapBytes, long nanoCpus, long pids) {
    }

    /** Who created the workspace. */
    record Owner(String subject, String name) {
    }
}
