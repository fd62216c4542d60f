package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;

/** The tenant's running-workspace slots: a workspace holds one from its start request until it stops. */
public interface WorkspaceSlots {
    /** Takes a slot for the workspace, or keeps the one it holds; throws {@link TenantQuotaExceeded} when none is left. */
    void reserve(TenantId tenant, WorkspaceId workspace, int maxRunning);

    /** Gives the workspace's slot back, if it holds one. */
    void release(TenantId tenant, WorkspaceId workspace);

    /** How many slots the tenant holds. */
    int running(TenantId tenant);
}
