package io.aicockpit.command.integration;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/** A malformed request to offboard a tenant's integrations (400). */
public class InvalidOffboarding extends RuntimeException implements CataloguedProblem {
    InvalidOffboarding(String message) {
        super(message);
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.INVALID_REQUEST;
    }
}
