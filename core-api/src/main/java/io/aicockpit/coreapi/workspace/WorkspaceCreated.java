package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A workspace exists, stopped, with its stack's image and its resolved limits. */
@Revision("1")
public record WorkspaceCreated(WorkspaceId workspaceId, TenantId tenantId, String name, String stackId, String image, ResourceLimits limits, Actor owner) implements WorkspaceEvent {}
