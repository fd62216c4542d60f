package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks the workspace to run its container; refused while another action is in flight or when the tenant's running quota is used up. */
public record StartWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, Actor requestedBy) {}
