package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.TenantId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Activity at {@code activityAt} arrived for a warned workspace; withdraws the warning if it is newer than it. */
public record CancelWorkspaceIdleStop(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId,
                                      Instant activityAt) {}
