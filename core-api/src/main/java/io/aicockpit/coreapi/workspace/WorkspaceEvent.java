package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.TenantId;

/** Everything that happens to a workspace. Sealed so that switches over events are checked for completeness. */
public sealed interface WorkspaceEvent permits WorkspaceCreated, WorkspaceRenamed, WorkspaceStartRequested,
        WorkspaceStarted, WorkspaceStopRequested, WorkspaceStopped, WorkspaceDeleteRequested, WorkspaceDeleted,
        WorkspaceFailed, WorkspaceCrashed, WorkspaceIdleStopWarned, WorkspaceIdleStopCancelled, WorkspacePlaced,
        WorkspaceLost {
    WorkspaceId workspaceId();

    TenantId tenantId();
}
