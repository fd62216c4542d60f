package io.aicockpit.coreapi.container;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker node holds a container with the platform's labels that is older than the orphan grace period, and asks
 * whether a workspace still wants it. Sent on {@link io.aicockpit.coreapi.messaging.Topics#CONTAINER_EVENTS} keyed
 * by workspace id, with the header {@value #TYPE_HEADER} = {@code ContainerFound}; command-side answers a container
 * nobody wants with {@link RemoveOrphanContainer}, and says nothing otherwise.
 */
public record ContainerFound(WorkspaceId workspaceId, TenantId tenantId, NodeId nodeId, String containerId,
                             Instant createdAt) {
    /** Kafka header naming the message type on the container-events topic; absent means {@link ContainerExited}. */
    public static final String TYPE_HEADER = "aicockpit-type";

    public ContainerFound {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(containerId, "containerId");
    }
}
