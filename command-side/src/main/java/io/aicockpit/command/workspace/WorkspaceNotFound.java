package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/** No such workspace for the caller's tenant (another tenant's workspace is reported the same way). Answered 404. */
public class WorkspaceNotFound extends RuntimeException implements CataloguedProblem {
    public WorkspaceNotFound(WorkspaceId id) {
        super("workspace " + id + " was not found");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.WORKSPACE_NOT_FOUND;
    }
}
