package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;

/** The workspace's current state does not allow the action. Answered 409 with the current status. */
public class WorkspaceStateConflict extends RuntimeException {
    private final WorkspaceStatus status;

    public WorkspaceStateConflict(WorkspaceId id, WorkspaceStatus status, String why) {
        super("workspace " + id + " is " + status + ": " + why);
        this.status = status;
    }

    public WorkspaceStatus status() {
        return status;
    }
}
