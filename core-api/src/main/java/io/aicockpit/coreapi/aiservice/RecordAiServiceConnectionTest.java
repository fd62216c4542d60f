package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The outcome of a real small request to the service (made outside the aggregate). Targets the tenant's AI service catalogue. */
public record RecordAiServiceConnectionTest(TenantId tenantId, AiServiceId aiServiceId, boolean succeeded, long latencyMillis, String error, Actor requestedBy) {
    @TargetAggregateIdentifier
    public String catalogId() {
        return AiServiceCatalogIds.of(tenantId);
    }
}
