package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** The container-worker reported the container running on a node. */
@Revision("1")
public record WorkspaceStarted(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, NodeId nodeId, String containerId) implements WorkspaceEvent {}
