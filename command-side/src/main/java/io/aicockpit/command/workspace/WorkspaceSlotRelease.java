package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.workspace.ContainerActionType;
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

    WorkspaceSlotRelease(WorkspaceSlots slots) {
        this.slots = slots;
    }

    @EventHandler
    void on(WorkspaceStopped event) {
        slots.release(event.tenantId(), event.workspaceId());
    }

    @EventHandler
    void on(WorkspaceDeleted event) {
        slots.release(event.tenantId(), event.workspaceId());
    }

    /** The container is gone on its own, so it no longer uses the node's capacity (ADR 0002). */
    @EventHandler
    void on(WorkspaceCrashed event) {
        slots.release(event.tenantId(), event.workspaceId());
    }

    @EventHandler
    void on(WorkspaceFailed event) {
        if (event.failedAction() == ContainerActionType.START) {
            slots.release(event.tenantId(), event.workspaceId());
        }
    }
}
