package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/**
 * The node holding the workspace stopped sending heartbeats: whatever it was doing there is unknown. The running
 * slot and the node's room are free again; the workspace may be started (on a live node) or deleted. Its
 * {@code /workspace} volume stays on the lost node, which keeps it if it comes back.
 */
@Revision("1")
public record WorkspaceLost(WorkspaceId workspaceId, TenantId tenantId, NodeId nodeId, String reason)
        implements WorkspaceEvent {}
