package io.aicockpit.coreapi.workspace;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/**
 * The placement chose the node for the start that follows ({@link WorkspaceStartRequested} of the same
 * {@code actionId}, appended right after it): the node reserved room for the workspace, and every later action
 * goes to this node until the next placement. The workspace's {@code /workspace} volume lives on that node.
 * {@code diskBytes} is the tenant's disk quota per workspace at this start: the size of a volume the node has to
 * create (an existing volume keeps its size).
 */
@Revision("1")
public record WorkspacePlaced(WorkspaceId workspaceId, TenantId tenantId, ActionId actionId, NodeId nodeId,
                              Long diskBytes) implements WorkspaceEvent {}
