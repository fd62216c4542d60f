package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes the workspace, its container and its /workspace volume. */
public record DeleteWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, Actor requestedBy) {}
