package io.aicockpit.command.workspace;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
/** A workspace request that breaks a rule (bad name, unknown stack). Answered 422. */
public class WorkspaceRuleViolation extends RuntimeException implements CataloguedProblem {
    public WorkspaceRuleViolation(String message) {
        super(message);
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.INVALID_WORKSPACE;
    }
}
