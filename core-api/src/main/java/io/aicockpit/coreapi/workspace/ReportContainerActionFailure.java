package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A worker node reports that a container action failed, with Docker's error. Ignored unless the action is the pending one. */
public record ReportContainerActionFailure(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, ContainerActionType type, NodeId nodeId, String reason) {}
