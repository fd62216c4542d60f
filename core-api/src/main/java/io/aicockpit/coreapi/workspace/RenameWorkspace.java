package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a workspace a new display name. */
public record RenameWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId, String name, Actor requestedBy) {}
