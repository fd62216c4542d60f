package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.TenantId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The idle monitor saw no activity since {@code idleSince} and announces a stop at {@code stopAt}. Ignored unless
 * the workspace is RUNNING; a repeated warning for the same {@code idleSince} changes nothing.
 */
public record WarnWorkspaceIdle(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId,
                                Instant idleSince, Instant stopAt) {}
