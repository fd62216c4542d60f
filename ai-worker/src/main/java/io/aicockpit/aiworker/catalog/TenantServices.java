package io.aicockpit.aiworker.catalog;

import io.aicockpit.coreapi.common.TenantId;

/** Where a tenant's AI requests go: the active service (null: none set) and the optional fallback. */
public record TenantServices(TenantId tenantId, UpstreamService active, UpstreamService fallback) {
    static TenantServices none(TenantId tenantId) {
        return new TenantServices(tenantId, null, null);
    }
}
