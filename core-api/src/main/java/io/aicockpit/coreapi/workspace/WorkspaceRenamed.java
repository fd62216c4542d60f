package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** The workspace's display name changed. */
@Revision("1")
public record WorkspaceRenamed(WorkspaceId workspaceId, TenantId tenantId, String name, Actor renamedBy) implements WorkspaceEvent {}
