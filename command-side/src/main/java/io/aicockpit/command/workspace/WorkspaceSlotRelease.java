package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceLost;
import io.aicockpit.coreapi.workspace.WorkspaceCrashed;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceFailed;
import io.aicockpit.coreapi.workspace.WorkspaceStopped;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Frees a running slot when a workspace stops, crashes, is deleted, or fails to start. Subscribing: it runs in the
 * transaction that stores the event, so slot and event never disagree. A failed stop or delete keeps the slot,
 * since the container may still run.
 */
@Component
@ProcessingGroup("workspace-slots")
class WorkspaceSlotRelease {
    private final WorkspaceSlots slots;
    private final NodePlacement placement;

    WorkspaceSlotRelease(WorkspaceSlots slots, NodePlacement placement) {
        this.slots = slots;
        this.placement = placement;
    }

    @EventHandler
    void on(WorkspaceStopped event) {
        release(event.tenantId(), event.workspaceId());
    }

    @EventHandler
    void on(WorkspaceDeleted event) {
        release(event.tenantId(), event.workspaceId());
    }

    /** The container is gone on its own, so it no longer uses the node's capacity (ADR 0002). */
    @EventHandler
    void on(WorkspaceCrashed event) {
        release(event.tenantId(), event.workspaceId());
    }

    /** Its node is gone: whatever runs there no longer counts against the tenant, and the node holds nothing (ADR 0005). */
    @EventHandler
    void on(WorkspaceLost event) {
        release(event.tenantId(), event.workspaceId());
    }

    @EventHandler
    void on(WorkspaceFailed event) {
        if (event.failedAction() == ContainerActionType.START) {
            release(event.tenantId(), event.workspaceId());
        }
    }

    private void release(TenantId tenant, WorkspaceId workspace) {
        slots.release(tenant, workspace);
        placement.release(workspace);
    }
}
