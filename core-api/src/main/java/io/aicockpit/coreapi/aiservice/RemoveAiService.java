package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An org admin disconnects a service; it can no longer be active or fallback. Targets the tenant's AI service catalogue. */
public record RemoveAiService(TenantId tenantId, AiServiceId aiServiceId, Actor requestedBy) {
    @TargetAggregateIdentifier
    public String catalogId() {
        return AiServiceCatalogIds.of(tenantId);
    }
}
