package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Makes a registered service the one the tenant's AI requests go to. Targets the tenant's AI service catalogue. */
public record SetActiveAiService(TenantId tenantId, AiServiceId aiServiceId, Actor requestedBy) {
    @TargetAggregateIdentifier
    public String catalogId() {
        return AiServiceCatalogIds.of(tenantId);
    }
}
