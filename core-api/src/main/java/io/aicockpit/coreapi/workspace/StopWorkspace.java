package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks the workspace's container to stop; the /workspace volume is kept. */
public record StopWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, Actor requestedBy) {}
