package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
import java.util.Map;

/** Starting one more workspace would exceed the tenant's running-workspace quota. Answered 409. */
public class TenantQuotaExceeded extends RuntimeException implements CataloguedProblem {
    private final int maxRunning;

    public TenantQuotaExceeded(TenantId tenantId, int maxRunning) {
        super("tenant " + tenantId + " already runs its maximum of " + maxRunning + " workspaces");
        this.maxRunning = maxRunning;
    }

    public int maxRunning() {
        return maxRunning;
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.TENANT_QUOTA_EXCEEDED;
    }

    @Override
    public Map<String, Object> problemProperties() {
        return Map.of("maxRunningWorkspaces", maxRunning);
    }
}
