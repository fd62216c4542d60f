package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.workspace.WorkspaceId;

/** No such workspace for the caller's tenant (another tenant's workspace is reported the same way). Answered 404. */
public class WorkspaceNotFound extends RuntimeException {
    public WorkspaceNotFound(WorkspaceId id) {
        super("workspace " + id + " was not found");
    }
}
