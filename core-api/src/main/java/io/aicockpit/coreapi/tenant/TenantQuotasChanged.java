package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A tenant's quotas changed; they apply to the next create or start. */
@Revision("1")
public record TenantQuotasChanged(TenantId tenantId, TenantQuotas quotas, Actor changedBy) implements TenantEvent {}
