package io.aicockpit.command.integration;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/** The tenant already holds the maximum number of active credentials. */
public class TooManyIntegrationCredentials extends RuntimeException implements CataloguedProblem {
    TooManyIntegrationCredentials(int max) {
        super("a tenant holds at most " + max + " active integration credentials; revoke one first");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.TOO_MANY_INTEGRATION_CREDENTIALS;
    }
}
