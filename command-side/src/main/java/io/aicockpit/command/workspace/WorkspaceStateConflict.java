package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
import java.util.Map;

/** The workspace's current state does not allow the action. Answered 409 with the current status. */
public class WorkspaceStateConflict extends RuntimeException implements CataloguedProblem {
    private final WorkspaceStatus status;

    public WorkspaceStateConflict(WorkspaceId id, WorkspaceStatus status, String why) {
        super("workspace " + id + " is " + status + ": " + why);
        this.status = status;
    }

    public WorkspaceStatus status() {
        return status;
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.WORKSPACE_STATE_CONFLICT;
    }

    @Override
    public Map<String, Object> problemProperties() {
        return Map.of("currentStatus", status);
    }
}
