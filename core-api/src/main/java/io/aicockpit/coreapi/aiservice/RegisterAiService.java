package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An org admin connects an AI service; the key was stored encrypted first and only its reference travels. Targets the tenant's AI service catalogue. */
public record RegisterAiService(TenantId tenantId, AiServiceId aiServiceId, AiServiceSettings settings, Actor requestedBy) {
    @TargetAggregateIdentifier
    public String catalogId() {
        return AiServiceCatalogIds.of(tenantId);
    }
}
