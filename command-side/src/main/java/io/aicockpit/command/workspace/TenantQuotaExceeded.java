package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;

/** Starting one more workspace would exceed the tenant's running-workspace quota. Answered 409. */
public class TenantQuotaExceeded extends RuntimeException {
    private final int maxRunning;

    public TenantQuotaExceeded(TenantId tenantId, int maxRunning) {
        super("tenant " + tenantId + " already runs its maximum of " + maxRunning + " workspaces");
        this.maxRunning = maxRunning;
    }

    public int maxRunning() {
        return maxRunning;
    }
}
