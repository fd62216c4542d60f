package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The lost-node monitor reports that {@code nodeId} missed its heartbeats. Only a workspace that is on that node
 * and has (or may have) a container action or container there becomes LOST; any other is left alone.
 */
public record MarkWorkspaceLost(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId, NodeId nodeId,
                                String reason) {}
