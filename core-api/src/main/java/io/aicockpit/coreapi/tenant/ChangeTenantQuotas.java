package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A platform operator changes a tenant's quotas; running workspaces keep running. */
public record ChangeTenantQuotas(@TargetAggregateIdentifier TenantId tenantId, TenantQuotas quotas,
                                 Actor requestedBy) {}
