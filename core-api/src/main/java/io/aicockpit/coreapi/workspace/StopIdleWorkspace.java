package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.TenantId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The idle monitor stops a workspace it warned about. Ignored (not refused) unless the workspace is RUNNING and
 * still carries a warning for the same {@code idleSince}: activity since the warning withdrew it, so a stop decided
 * on stale information, by any command-side instance, changes nothing.
 */
public record StopIdleWorkspace(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId,
                                ActionId actionId, Instant idleSince) {}
