package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/** The caller's tenant has not been created by a platform operator. Answered 403. */
public class TenantNotOnboarded extends RuntimeException implements CataloguedProblem {
    public TenantNotOnboarded(TenantId tenantId) {
        super("tenant " + tenantId + " is not onboarded");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.TENANT_NOT_ONBOARDED;
    }
}
