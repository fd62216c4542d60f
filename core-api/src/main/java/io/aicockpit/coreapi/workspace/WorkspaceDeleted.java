package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** The container and the /workspace volume are gone. */
@Revision("1")
public record WorkspaceDeleted(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, NodeId nodeId) implements WorkspaceEvent {}
