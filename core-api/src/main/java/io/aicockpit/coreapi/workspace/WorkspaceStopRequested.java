package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A stop was accepted; the container is stopping. */
@Revision("1")
public record WorkspaceStopRequested(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, Actor requestedBy) implements WorkspaceEvent {}
