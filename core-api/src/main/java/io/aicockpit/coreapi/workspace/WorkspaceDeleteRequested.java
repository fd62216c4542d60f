package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A delete was accepted; the container and volume are being removed. */
@Revision("1")
public record WorkspaceDeleteRequested(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, Actor requestedBy) implements WorkspaceEvent {}
