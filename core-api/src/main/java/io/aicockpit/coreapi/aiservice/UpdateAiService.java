package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An org admin changes a service's settings (a new key arrives as a new reference). Targets the tenant's AI service catalogue. */
public record UpdateAiService(TenantId tenantId, AiServiceId aiServiceId, AiServiceSettings settings, Actor requestedBy) {
    @TargetAggregateIdentifier
    public String catalogId() {
        return AiServiceCatalogIds.of(tenantId);
    }
}
