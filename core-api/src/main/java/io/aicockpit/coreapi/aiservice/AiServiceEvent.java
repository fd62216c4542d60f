package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.TenantId;

/** Everything that happens to a tenant's AI services. No event carries a key: only its reference and last 4. */
public sealed interface AiServiceEvent permits AiServiceRegistered, AiServiceUpdated, AiServiceRemoved,
        AiServiceConnectionTested, ActiveAiServiceSet, FallbackAiServiceSet {
    TenantId tenantId();

    AiServiceId aiServiceId();
}
