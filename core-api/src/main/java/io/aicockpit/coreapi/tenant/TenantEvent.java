package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.TenantId;

/** Everything that happens to a tenant. */
public sealed interface TenantEvent permits TenantCreated, TenantQuotasChanged, TenantIdleTimeoutChanged,
        TenantPlacementChanged {
    TenantId tenantId();
}
