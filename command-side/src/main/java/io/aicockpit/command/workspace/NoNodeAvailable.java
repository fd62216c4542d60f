package io.aicockpit.command.workspace;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/**
 * No live node that may run the workspace has room for it now. Answered 503 {@code no-node-available}; nothing was
 * changed, so a retry after a node frees room succeeds.
 */
public class NoNodeAvailable extends RuntimeException implements CataloguedProblem {
    public NoNodeAvailable(String message) {
        super(message);
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.NO_NODE_AVAILABLE;
    }
}
