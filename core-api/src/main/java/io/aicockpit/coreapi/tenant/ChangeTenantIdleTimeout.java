package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets how long a running workspace of the tenant may go unused before it is stopped; {@code null} disables idle
 * auto-stop for the tenant. Applies to running workspaces at once.
 */
public record ChangeTenantIdleTimeout(@TargetAggregateIdentifier TenantId tenantId, Duration idleTimeout,
                                      Actor requestedBy) {}
