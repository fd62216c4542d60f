package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A container action failed; the reason is the worker's (Docker's) error. The running slot is free again. */
@Revision("1")
public record WorkspaceFailed(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, ContainerActionType failedAction, NodeId nodeId, String reason) implements WorkspaceEvent {}
