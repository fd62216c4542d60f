package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A platform operator onboards an organization with its name and quotas. */
public record CreateTenant(@TargetAggregateIdentifier TenantId tenantId, String name, TenantQuotas quotas,
                           Actor requestedBy) {}
