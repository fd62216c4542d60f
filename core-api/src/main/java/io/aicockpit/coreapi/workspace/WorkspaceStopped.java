package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** The container stopped; its /workspace volume is kept and the running slot is free again. */
@Revision("1")
public record WorkspaceStopped(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, NodeId nodeId) implements WorkspaceEvent {}
