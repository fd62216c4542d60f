package io.aicockpit.command.integration;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/** No credential with this id in the caller's tenant (another tenant's answers the same). */
public class IntegrationCredentialNotFound extends RuntimeException implements CataloguedProblem {
    IntegrationCredentialNotFound(String id) {
        super("integration credential " + id + " not found");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.INTEGRATION_CREDENTIAL_NOT_FOUND;
    }
}
