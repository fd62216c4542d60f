package io.aicockpit.command.tenant;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
/** A tenant command or request that breaks a tenant rule (bad name, bad quotas). Answered 422. */
public class TenantRuleViolation extends RuntimeException implements CataloguedProblem {
    public TenantRuleViolation(String message) {
        super(message);
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.INVALID_TENANT;
    }
}
