package io.aicockpit.query.workspace;

import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A workspace as the API shows it. {@code version} is the sequence number of the last event applied, so a
 * client can tell which of two reads is newer.
 */
record WorkspaceView(UUID id, String tenantId, String name, String stackId, String image, WorkspaceStatus status,
                     String failureReason, ContainerActionType failedAction, Limits limits, Owner owner,
                     String nodeId, String containerId, Instant createdAt, Instant updatedAt, long version) {

    /** The container's resource limits; see {@link io.aicockpit.coreapi.common.ResourceLimits}. */
    record Limits(long memoryBytes, long swapBytes, long nanoCpus, long pids) {
    }

    /** Who created the workspace. */
    record Owner(String subject, String name) {
    }
}
