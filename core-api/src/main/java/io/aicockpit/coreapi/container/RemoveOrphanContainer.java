package io.aicockpit.coreapi.container;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.util.Objects;

/**
 * Tells one node to remove a container no workspace wants: its workspace was deleted, or the event store does not
 * know it. Sent on {@link io.aicockpit.coreapi.messaging.Topics#NODE_COMMANDS} keyed by node id; every node reads
 * the topic and acts only on its own commands, and only if the container still carries the same labels.
 *
 * @param removeVolume true only for a deleted workspace; the volume of an unknown one is kept, because a
 *                     command-side reading the wrong event store must not wipe users' files
 * @param reason       why, for the node's log
 */
public record RemoveOrphanContainer(WorkspaceId workspaceId, TenantId tenantId, NodeId nodeId, String containerId,
                                    boolean removeVolume, String reason) {
    public RemoveOrphanContainer {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(containerId, "containerId");
    }
}
