package io.aicockpit.command.integration;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/** A revoked credential stays revoked: it cannot be rotated. */
public class IntegrationCredentialRevokedException extends RuntimeException implements CataloguedProblem {
    IntegrationCredentialRevokedException(String id) {
        super("integration credential " + id + " is revoked; create a new one");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.INTEGRATION_CREDENTIAL_REVOKED;
    }
}
