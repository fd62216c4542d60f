package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.RequestedLimits;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A developer creates a workspace from a stack; limits left null take the tenant's defaults. */
public record CreateWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId, String name, String stackId, RequestedLimits limits, Actor requestedBy) {}
