package io.aicockpit.coreapi.tenant;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets where the tenant's workspaces may run and how much disk each gets: {@code nodeSelector} labels a node must
 * all carry (empty: any node), {@code diskBytesPerWorkspace} the size of each new workspace's {@code /workspace}
 * volume. Applies to the next start of each workspace; an existing volume keeps its size.
 */
public record ChangeTenantPlacement(@TargetAggregateIdentifier TenantId tenantId, Map<String, String> nodeSelector,
                                   long diskBytesPerWorkspace, Actor requestedBy) {}
