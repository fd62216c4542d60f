package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/**
 * The running workspace's container ended on its own (crash, kill, out of memory). The running slot is free again;
 * the /workspace volume is kept, and the user may start, stop or delete the workspace. {@code reason} is what the
 * user is shown; {@code oomKilled} is true when the kernel's out-of-memory killer ended it or one of its processes.
 */
@Revision("1")
public record WorkspaceCrashed(WorkspaceId workspaceId, TenantId tenantId, NodeId nodeId, String containerId,
                               int exitCode, boolean oomKilled, String reason) implements WorkspaceEvent {}
