package io.aicockpit.coreapi.usage;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * What one workspace container used on its node between two samples ({@code from} exclusive, {@code to}
 * inclusive): CPU time in seconds, memory as GiB held × seconds, and its {@code /workspace} volume as GiB × hours.
 * Sent by the node on {@link io.aicockpit.coreapi.messaging.Topics#CONTAINER_USAGE} keyed by workspace id and on
 * the tenant's public usage topic as a CloudEvent. {@code id} follows from container and window, so a record sent
 * twice is the same record and counted once. {@code ownerSubject} is the workspace owner when the node knows it
 * (container label), else null and filled in by the usage report from the workspace.
 */
public record ContainerUsageRecorded(UUID id, String tenantId, WorkspaceId workspaceId, String ownerSubject,
                                     NodeId nodeId, String containerId, Instant from, Instant to,
                                     double cpuSeconds, double memoryGibSeconds, double diskGibHours) {

    /** The id of the record of this container and window, the same whoever computes it. */
    public static UUID idOf(String containerId, Instant from, Instant to) {
        return UUID.nameUUIDFromBytes(("container-usage:" + containerId + ":" + from + ":" + to)
                .getBytes(StandardCharsets.UTF_8));
    }
}
