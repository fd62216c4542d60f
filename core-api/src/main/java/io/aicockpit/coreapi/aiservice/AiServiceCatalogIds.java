package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.TenantId;

/**
 * A tenant's AI services form one aggregate (so "one active, one fallback" is decided in one place). Its id must
 * differ from the Tenant aggregate's, which is the bare slug, because the event store keys streams by id alone.
 */
public final class AiServiceCatalogIds {
    private static final String PREFIX = "ai-services:";

    private AiServiceCatalogIds() {}

    public static String of(TenantId tenantId) {
        return PREFIX + tenantId.value();
    }
}
