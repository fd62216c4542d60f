package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A worker node reports that the workspace's container ended without being asked to. Ignored unless the
 * workspace is RUNNING in that very container and the container ended after the workspace's last start request:
 * an exit while stopping or deleting is expected, and a late report of an earlier run changes nothing.
 */
public record ReportWorkspaceCrashed(@TargetAggregateIdentifier WorkspaceId workspaceId, TenantId tenantId,
                                     NodeId nodeId, String containerId, int exitCode, boolean oomKilled,
                                     Instant finishedAt, String reason) {}
