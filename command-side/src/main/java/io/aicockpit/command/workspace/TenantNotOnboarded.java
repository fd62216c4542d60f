package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;

/** The caller's tenant has not been created by a platform operator. Answered 403. */
public class TenantNotOnboarded extends RuntimeException {
    public TenantNotOnboarded(TenantId tenantId) {
        super("tenant " + tenantId + " is not onboarded");
    }
}
