package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Names the service that takes over when the active one fails before its first byte; null clears it. Targets the tenant's AI service catalogue. */
public record SetFallbackAiService(TenantId tenantId, AiServiceId aiServiceId, Actor requestedBy) {
    @TargetAggregateIdentifier
    public String catalogId() {
        return AiServiceCatalogIds.of(tenantId);
    }
}
