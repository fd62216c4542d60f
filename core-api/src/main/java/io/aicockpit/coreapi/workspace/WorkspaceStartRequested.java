package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A start was accepted and holds one of the tenant's running slots; the container is being provisioned. */
@Revision("1")
public record WorkspaceStartRequested(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, String stackId, String image, ResourceLimits limits, Actor requestedBy) implements WorkspaceEvent {}
