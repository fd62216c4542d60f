package io.aicockpit.query.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.WorkspaceCrashed;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceDeleteRequested;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceFailed;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceRenamed;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStopped;
import java.util.UUID;

/** Workspace events of one workspace, filled with plausible values. */
record WorkspaceEvents(WorkspaceId workspaceId, TenantId tenantId) {
    static final ResourceLimits LIMITS = new ResourceLimits(512 * ResourceLimits.MIB, 0, 1_000_000_000L, 256);
    static final ResourceLimits BIGGER_LIMITS = new ResourceLimits(1024 * ResourceLimits.MIB, 256 * ResourceLimits.MIB,
            2_000_000_000L, 512);
    static final Actor OWNER = new Actor("ada", "Ada Lovelace", ActorType.USER);
    static final NodeId NODE = NodeId.of("node-1");

    static TenantId newTenant() {
        return TenantId.of("it-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static WorkspaceEvents newWorkspace(TenantId tenantId) {
        return new WorkspaceEvents(WorkspaceId.random(), tenantId);
    }

    WorkspaceCreated createdBy(String name, Actor owner) {
        return new WorkspaceCreated(workspaceId, tenantId, name, "python_311", "aicockpit/stack-python:local", LIMITS,
                owner);
    }

    WorkspaceCreated created(String name) {
        return new WorkspaceCreated(workspaceId, tenantId, name, "python_311", "aicockpit/stack-python:local", LIMITS,
                OWNER);
    }

    WorkspaceRenamed renamed(String name) {
        return new WorkspaceRenamed(workspaceId, tenantId, name, OWNER);
    }

    WorkspaceStartRequested startRequested() {
        return new WorkspaceStartRequested(workspaceId, tenantId, ActionId.random(), "python_311",
                "aicockpit/stack-python:local", BIGGER_LIMITS, OWNER);
    }

    WorkspaceStarted started(String containerId) {
        return new WorkspaceStarted(workspaceId, tenantId, ActionId.random(), NODE, containerId);
    }

    WorkspaceStopRequested stopRequested() {
        return new WorkspaceStopRequested(workspaceId, tenantId, ActionId.random(), OWNER);
    }

    WorkspaceStopped stopped() {
        return new WorkspaceStopped(workspaceId, tenantId, ActionId.random(), NODE);
    }

    WorkspaceDeleteRequested deleteRequested() {
        return new WorkspaceDeleteRequested(workspaceId, tenantId, ActionId.random(), OWNER);
    }

    WorkspaceDeleted deleted() {
        return new WorkspaceDeleted(workspaceId, tenantId, ActionId.random(), NODE);
    }

    WorkspaceCrashed crashed(String containerId, int exitCode, boolean oomKilled, String reason) {
        return new WorkspaceCrashed(workspaceId, tenantId, NODE, containerId, exitCode, oomKilled, reason);
    }

    WorkspaceFailed failed(ContainerActionType action, String reason) {
        return new WorkspaceFailed(workspaceId, tenantId, ActionId.random(), action, NODE, reason);
    }
}
