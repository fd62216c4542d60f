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
 * {@code stopReason} says why the last stop was requested.
 */
record WorkspaceView(UUID id, String tenantId, String name, String stackId, String image, WorkspaceStatus status,
                     String failureReason, ContainerActionType failedAction, Limits limits, Owner owner,
                     String nodeId, String containerId, Instant createdAt, Instant updatedAt, long version,
                     Instant lastActivityAt, Instant idleStopAt, StopReason stopReason) {

    /** The container's resource limits; see {@link io.aicockpit.coreapi.common.ResourceLimits}. */
    record Limits(long memoryBytes, long swapBytes, long nanoCpus, long pids) {
    }

    /** Who created the workspace. */
    record Owner(String subject, String name) {
    }
}
