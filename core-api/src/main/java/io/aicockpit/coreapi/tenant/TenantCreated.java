package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** An organization was onboarded. */
@Revision("1")
public record TenantCreated(TenantId tenantId, String name, TenantQuotas quotas, Actor createdBy)
        implements TenantEvent {}
