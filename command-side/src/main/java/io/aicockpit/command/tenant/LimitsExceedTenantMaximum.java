package io.aicockpit.command.tenant;

import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/** A workspace asked for more than its tenant allows any one workspace. Answered 422. */
public class LimitsExceedTenantMaximum extends RuntimeException implements CataloguedProblem {
    public LimitsExceedTenantMaximum(ResourceLimits requested, ResourceLimits max) {
        super("requested limits " + describe(requested) + " exceed the tenant's maximum " + describe(max));
    }

    private static String describe(ResourceLimits l) {
        return "(memory " + l.memoryBytes() / ResourceLimits.MIB + " MiB, swap " + l.swapBytes() / ResourceLimits.MIB
                + " MiB, cpus " + l.nanoCpus() / 1e9 + ", pids " + l.pids() + ")";
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.LIMITS_EXCEED_TENANT_MAXIMUM;
    }
}
